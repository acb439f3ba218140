// A person in 1,000 Microsoft 365 groups (an admin, long-tenured staff), against the Graph sandbox:
// `new`, `list`, `list <name>` and the message action's dialog stay within Teams' size budget
// (every answer is checked by useTestBot's post: test/helpers/size-budget.ts), the pickers list a
// few dozen groups, the typeahead finds any of the person's groups and none of anyone else's, and
// a group found only by the typeahead can be posted to. On the code before the group picker's cap,
// `new` fails here: the form listing 1,000 groups is far over the budget.
import { useTestBot } from '../helpers/test-bot';
import { cardAttachments, createInvoke, fixture, type Activity } from '../helpers/fixtures';
import { actionData, cardTitle, findAction, findInput } from '../helpers/card-readers';
import { utf16Bytes, CARD_BUDGET_BYTES } from '../helpers/size-budget';
import { notice, say } from '../../src/core/words';
import { createGraphSandbox, CURRENT_USER_ID, SEED_USER_IDS, type GraphSandbox } from '../../src/sandbox';

type Node = Record<string, any>;
type Group = { id: string; displayName: string };

const HEAVY = 1000;
const asAlex = (a: Activity) => {
  a.from.aadObjectId = CURRENT_USER_ID;
};
const DATASET: string = fixture('invoke-group-search').value.dataset;

describe('Local mode against the Graph sandbox: a person in 1,000 groups', () => {
  let sandbox: GraphSandbox;
  let origin: string;
  let baseUrl: string;
  let heavy: Group[];
  let strangers: Group[];

  async function addGroups(body: object): Promise<Group[]> {
    const res = await fetch(`${origin}/_sandbox/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { groups: Group[] }).groups;
  }

  beforeAll(async () => {
    sandbox = createGraphSandbox({});
    ({ origin, baseUrl } = await sandbox.listen(0));
    heavy = await addGroups({ count: HEAVY, memberIds: [CURRENT_USER_ID], namePrefix: 'Project' });
    // Someone else's groups whose names match the same searches: never offered to Alex.
    strangers = await addGroups({ count: 3, memberIds: [SEED_USER_IDS.megan], namePrefix: 'Project secret' });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  const bot = useTestBot({ per: 'describe', env: () => ({ GRAPH_BASE_URL: baseUrl }) });

  /** A chat message (expectReplies): its one card. useTestBot's post has checked schema and size. */
  async function command(text: string): Promise<Node> {
    const res = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        asAlex(a);
        a.text = text;
        a.deliveryMode = 'expectReplies';
      })
    );
    expect(res.status).toBe(200);
    const cards = cardAttachments(res.body.activities);
    expect(cards).toHaveLength(1);
    expect(utf16Bytes(cards[0])).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    return cards[0];
  }

  async function search(queryText: string, queryOptions = { skip: 0, top: 15 }): Promise<Node[]> {
    const res = await bot.post(
      '/api/messages',
      fixture('invoke-group-search', (a) => {
        asAlex(a);
        a.value = { queryText, queryOptions, dataset: DATASET };
      })
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.search.searchResponse' });
    return res.body.value.results;
  }

  const staticIds = (card: Node): string[] => (findInput(card, 'groupId') as Node).choices.map((c: Node) => c.value);

  function expectCappedPicker(card: Node): void {
    const picker = findInput(card, 'groupId') as Node;
    expect(picker.choices.length).toBeGreaterThan(0);
    expect(picker.choices.length).toBeLessThanOrEqual(30);
    expect(picker['choices.data']).toEqual({ type: 'Data.Query', dataset: DATASET });
  }

  it('`new` opens the form with a capped static list and the typeahead', async () => {
    const form = await command('new');
    expect(cardTitle(form)).toBe(say('form.title'));
    expectCappedPicker(form);
    // Nothing posted yet: by name, Alex's seeded groups ("Contoso Team", …) and then "Project 0001", ….
    const titles = (findInput(form, 'groupId') as Node).choices.map((c: Node) => c.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
    expect(staticIds(form)).toContain(heavy[0]?.id);
    expect(staticIds(form)).not.toContain(heavy[40]?.id);
  });

  it('`list` offers a capped picker; `list <name>` reaches a group far down the alphabet', async () => {
    expectCappedPicker(await command('list'));
    const far = heavy[986] as Group;
    const listed = await command(`list ${far.displayName.toLowerCase()}`);
    expect(cardTitle(listed)).toBe(say('list.title', { group: far.displayName }));
    // A name that matches hundreds of groups: "Which group?" stays capped, with the typeahead.
    const several = await command('list project 0');
    expect(cardTitle(several)).toBe(say('list.pickTitle'));
    expectCappedPicker(several);
  });

  it(
    '`new <name>` (no typeahead needed, as in the Agents ' + 'Playground) preselects a group far down the list',
    async () => {
      const far = heavy[993] as Group;
      const form = await command(`new ${far.displayName.toLowerCase()}`);
      expect(cardTitle(form)).toBe(say('form.title'));
      expectCappedPicker(form);
      const picker = findInput(form, 'groupId') as Node;
      expect(picker.value).toBe(far.id);
      expect(picker.choices[0]).toEqual({ title: far.displayName, value: far.id });
      // Several matches: the form offers those; none: said, with no form.
      const several = await command('new project 09');
      const titles = (findInput(several, 'groupId') as Node).choices.map((c: Node) => c.title);
      expect(titles.length).toBeGreaterThan(1);
      expect(titles.every((t: string) => t.startsWith('Project 09'))).toBe(true);
      const none = await command('new nothing like this');
      expect(cardTitle(none)).toBe(notice('notice.noSuchGroupForNew', { name: 'nothing like this' }).title);
      expect(findInput(none, 'groupId')).toBeUndefined();
    }
  );

  it("the message action's dialog is within the budget and capped", async () => {
    const res = await bot.post(
      '/api/messages',
      fixture('invoke-message-action-fetch', (a) => {
        asAlex(a);
        a.conversation = { conversationType: 'personal', tenantId: a.conversation.tenantId, id: 'a:1personal-alex' };
      })
    );
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('continue');
    expect(utf16Bytes(res.body)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expectCappedPicker(res.body.task.value.card.content);
  });

  it("the typeahead finds any of Alex's groups by name, pages, and never another person's group", async () => {
    const form = await command('new');
    const far = heavy[998] as Group;
    expect(staticIds(form)).not.toContain(far.id);
    expect(await search('PROJECT 0999')).toEqual([{ title: far.displayName, value: far.id }]);

    const first = await search('project');
    expect(first).toHaveLength(15);
    const next = await search('project', { skip: 15, top: 15 });
    expect(next.map((r) => r.title)[0]).toBe('Project 0016');
    expect(await search('project', { skip: 0, top: 100 })).toHaveLength(15);

    const strangerIds = new Set(strangers.map((g) => g.id));
    expect(await search('secret')).toEqual([]);
    const everything = [];
    for (let skip = 0; skip < HEAVY + 15; skip += 15) everything.push(...(await search('project', { skip, top: 15 })));
    expect(everything).toHaveLength(HEAVY);
    expect(everything.filter((r) => strangerIds.has(r.value))).toEqual([]);
  });

  it('posting to a group found only by the typeahead works, and that group is listed first next time', async () => {
    const form = await command('new');
    const draftId = actionData(findAction(form, 'createConversation')).draftId;
    const [found] = await search('project 0777');
    expect(staticIds(form)).not.toContain(found?.value);
    const res = await bot.post(
      '/api/messages',
      createInvoke(
        {
          draftId,
          groupId: found?.value,
          topic: 'Heavy post',
          body: 'Found by typing.',
          participants: '',
          otherEmails: ''
        },
        asAlex
      )
    );
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardTitle(res.body.value)).toBe(say('confirmation.title', { group: 'Project 0777' }));
    const state = (await (await fetch(`${origin}/_sandbox/state`)).json()) as Node;
    const posted = state.conversations.find((c: Node) => c.topic === 'Heavy post');
    expect(posted).toMatchObject({ groupId: found?.value });
    expect(posted.threads[0].posts[0].from).toBe(CURRENT_USER_ID);

    expect(staticIds(await command('new'))[0]).toBe(found?.value);
  });
});
