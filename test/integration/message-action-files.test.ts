// "Post to a group" on a message with files (issue 17 item 3), over HTTP in local mode (Graph
// nocked at its real URL): the dialog lists the message's SharePoint/OneDrive files, one toggle
// each, and says what cannot come along; Post links the kept ones after the message. The links
// stay on the server with the form: the card carries only each file's place in that list.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { FILE_LIMITS } from '../../src/core/message-files';
import { FILE_TITLE_MAX } from '../../src/cards/form-files';
import { LIMITS } from '../../src/core/validate-draft';
import { notice, say } from '../../src/core/words';
import { ALICE, BOB } from '../helpers/entra';
import { fixture, type Activity } from '../helpers/fixtures';
import {
  GRAPH,
  assertConversationBody,
  nockCreateConversation,
  nockGetGroup,
  nockMyGroups,
  type Group
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { banner, cardTexts, findInCard, findInput, inputValues } from '../helpers/card-readers';
import { CARD_BUDGET_BYTES, utf16Bytes } from '../helpers/size-budget';
import { nockPersonalChat } from '../helpers/personal-chat-nock';
import { useTestBot } from '../helpers/test-bot';

const TOKEN = `sandbox.${ALICE.aadObjectId}`;
const DRAFT = 'd0000000-0000-4000-8000-00000000d1a1';
const MARKETING: Group = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  displayName: 'Marketing',
  mail: 'marketing@contoso.test'
};
const PLAN = 'https://contoso.sharepoint.com/sites/launch/Shared%20Documents/General/plan.docx';
const BUDGET =
  'https://contoso-my.sharepoint.com/personal/bob_contoso_com/Documents/Microsoft%20Teams%20Chat%20Files/budget.xlsx';
const EVIL = 'https://contoso.sharepoint.com.evil.example/steal.docx';
/** The fixture message's sanitized HTML (message-action.test.ts), the post's body before its files. */
const SANITIZED =
  '<p>Hi team, the <strong>Q1 launch</strong> moves to <em>March 3</em>.</p>' +
  '<p>Plan: <a href="https://contoso.sharepoint.com/sites/launch/plan.docx">launch plan</a></p>' +
  '<ul><li>Marketing: update the site</li><li>Sales: brief Carol Diaz</li></ul>';
/** The fixture's Message as posted when its HTML is not used (another person, a forgotten form): escaped text. */
const AS_TEXT =
  'Hi team, the Q1 launch moves to March 3.<br>' +
  'Plan: launch plan (https://contoso.sharepoint.com/sites/launch/plan.docx)<br>' +
  '- Marketing: update the site<br>- Sales: brief Carol Diaz';
const reference = (id: string, contentUrl: string, name: string) => ({
  id,
  contentType: 'reference',
  contentUrl,
  content: null,
  name,
  thumbnailUrl: null
});
/** Two files and one link that only looks like SharePoint, as Teams sends them (Graph chatMessageAttachment). */
const ATTACHMENTS = [
  reference('153fa47d-18c9-4179-be08-9879815a9f90', PLAN, 'Launch plan.docx'),
  reference('253fa47d-18c9-4179-be08-9879815a9f91', EVIL, 'Not a file.docx'),
  reference('353fa47d-18c9-4179-be08-9879815a9f92', BUDGET, 'Budget <2027> & more.xlsx')
];

const fetchTask = (attachments: unknown[], patch: (a: Activity) => void = () => undefined) =>
  fixture('invoke-message-action-fetch', (a) => {
    a.value.messagePayload.attachments = attachments;
    patch(a);
  });
const submit = (data: Record<string, unknown>, patch: (a: Activity) => void = () => undefined) =>
  fixture('invoke-message-action-submit', (a) => {
    a.deliveryMode = 'expectReplies';
    a.value.data = { ...a.value.data, groupId: MARKETING.id, participants: '', ...data };
    patch(a);
  });
const toggles = (card: unknown) => findInCard(card, (n) => n.type === 'Input.Toggle');

describe('Local mode: a message\'s files come along with "Post to a group"', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` }, newDraftId: () => DRAFT });

  async function openDialog(attachments: unknown[], patch?: (a: Activity) => void): Promise<any> {
    nockMyGroups(TOKEN, [MARKETING]);
    const res = await bot.post('/api/messages', fetchTask(attachments, patch));
    expect(res.status).toBe(200);
    const card = res.body.task.value.card.content;
    assertValidCard(card);
    return card;
  }

  /** A submitAction → the Graph POST bodies it made (none expected: `graph: false`), and the invoke's answer. */
  async function post(activity: Activity, graph = true): Promise<{ created: Conversation[]; invoke: any }> {
    const created: Conversation[] = [];
    if (graph) {
      nockCreateConversation(TOKEN, MARKETING.id, created);
      nockPersonalChat({ teams: false });
    }
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    const [invoke] = res.body.activities.filter((a: Activity) => a.type === 'invokeResponse');
    expect(invoke.value.status).toBe(200);
    created.forEach(assertConversationBody);
    return { created, invoke: invoke.value.body };
  }

  const filesList = (...items: string[]) =>
    `<p><strong>${say('files.postHeading')}</strong></p><ul>${items.join('')}</ul>`;
  const planItem = `<li><a href="${PLAN}">Launch plan.docx</a></li>`;
  const budgetItem = `<li><a href="${BUDGET}">Budget &lt;2027&gt; &amp; more.xlsx</a></li>`;

  it('the dialog lists the two files, each checked, notes the attachment left out; no link on it', async () => {
    const card = await openDialog(ATTACHMENTS);
    expect(toggles(card)).toEqual([
      expect.objectContaining({
        id: 'file0',
        title: 'Launch plan.docx',
        value: 'true',
        valueOn: 'true',
        valueOff: 'false'
      }),
      expect.objectContaining({ id: 'file1', title: 'Budget <2027> & more.xlsx', value: 'true' })
    ]);
    const texts = cardTexts(card);
    expect(texts).toEqual(expect.arrayContaining([say('files.title'), say('files.notFiles', { count: 1 })]));
    const json = JSON.stringify(card);
    for (const url of [PLAN, BUDGET, EVIL]) expect(json).not.toContain(url);
  });

  it('Post with every file kept: both linked after the message, in order, escaped', async () => {
    await openDialog(ATTACHMENTS);
    const { created } = await post(submit({ file0: 'true', file1: 'true' }));
    expect(created).toHaveLength(1);
    expect(created[0].threads?.[0].posts?.[0].body).toEqual({
      contentType: 'html',
      content: `${SANITIZED}${filesList(planItem, budgetItem)}`
    });
  });

  it('Post with one dropped: the exact Graph POST body holds only the kept one as a link', async () => {
    await openDialog(ATTACHMENTS);
    const { created } = await post(submit({ file0: 'false', file1: 'true' }));
    expect(created).toEqual([
      {
        topic: 'Hi team, the Q1 launch moves to March 3.',
        threads: [{ posts: [{ body: { contentType: 'html', content: `${SANITIZED}${filesList(budgetItem)}` } }] }]
      }
    ]);
  });

  it('an edited message (typed text) gets the kept files after it too', async () => {
    await openDialog(ATTACHMENTS);
    const { created } = await post(submit({ body: 'See the plan.', file0: 'true', file1: 'false' }));
    expect(created[0].threads?.[0].posts?.[0].body?.content).toBe(`See the plan.${filesList(planItem)}`);
  });

  it('forged card data: a toggle for a file nobody saved, and links in the data, are ignored', async () => {
    await openDialog(ATTACHMENTS);
    const { created } = await post(
      submit({
        file0: 'false',
        file1: 'false',
        file2: 'true',
        file7: 'true',
        files: [{ name: 'x', url: EVIL }],
        fileUrl: EVIL,
        file0Url: EVIL
      })
    );
    expect(created[0].threads?.[0].posts?.[0].body).toEqual({ contentType: 'html', content: SANITIZED });
    expect(JSON.stringify(created)).not.toContain('evil.example');
    // Said in the log (a count, never a link): someone sent toggles for files the form never had.
    const warned = bot.logs.map((line) => JSON.parse(line)).filter((l) => l.msg?.startsWith('file toggles'));
    expect(warned).toEqual([expect.objectContaining({ unknown: 2, msg: 'file toggles with no saved file: ignored' })]);
    expect(bot.logs.join('\n')).not.toContain('evil.example');
  });

  it("another person's Post of the same draftId gets none of the opener's files", async () => {
    await openDialog(ATTACHMENTS);
    const bobToken = `sandbox.${BOB.aadObjectId}`;
    const created: Conversation[] = [];
    nockCreateConversation(bobToken, MARKETING.id, created);
    // Bob never listed his groups in this process: the group is looked up by id.
    nockGetGroup(bobToken, MARKETING);
    nockPersonalChat({ teams: false });
    const res = await bot.post(
      '/api/messages',
      submit({ file0: 'true', file1: 'true' }, (a) => {
        a.from = { id: '29:1bob-teams-user-id', name: BOB.name, aadObjectId: BOB.aadObjectId };
      })
    );
    expect(res.status).toBe(200);
    expect(created).toHaveLength(1);
    expect(created[0].threads?.[0].posts?.[0].body).toEqual({ contentType: 'html', content: AS_TEXT });
  });

  it('a failed validation keeps each toggle as left; Try again posts only the kept file', async () => {
    await openDialog(ATTACHMENTS);
    const failed = await post(submit({ topic: ' ', file0: 'true', file1: 'false' }), false);
    expect(failed.created).toEqual([]);
    const card = failed.invoke.task.value.card.content;
    assertValidCard(card);
    expect(banner(card)).toEqual(notice('error.validation_failed', { refreshed: false, fields: 1 }));
    expect(toggles(card).map((t) => [t.id, t.title, t.value])).toEqual([
      ['file0', 'Launch plan.docx', 'true'],
      ['file1', 'Budget <2027> & more.xlsx', 'false']
    ]);
    expect(cardTexts(card)).toContain(say('files.notFiles', { count: 1 }));
    expect(inputValues(card)).toMatchObject({ topic: ' ', file0: 'true', file1: 'false' });

    const retried = await post(submit({ file0: 'true', file1: 'false' }));
    expect(retried.created[0].threads?.[0].posts?.[0].body?.content).toBe(`${SANITIZED}${filesList(planItem)}`);
  });

  it('a message without files: no files section, the post as before', async () => {
    const card = await openDialog([]);
    expect(toggles(card)).toEqual([]);
    expect(cardTexts(card)).not.toContain(say('files.title'));
    const { created } = await post(submit({ file0: 'true' }));
    expect(created[0].threads?.[0].posts?.[0].body?.content).toBe(SANITIZED);
  });

  it("pictures and the playground's card attachments: nothing to toggle, each said", async () => {
    const card = await openDialog(
      [{ id: '0', contentType: 'application/vnd.microsoft.card.adaptive', content: '{"type":"AdaptiveCard"}' }],
      (a) => {
        a.value.messagePayload.body.content +=
          '<p><img src="https://graph.microsoft.com/v1.0/chats/19:x/messages/1/hostedContents/aWQ=/$value"></p>';
      }
    );
    expect(toggles(card)).toEqual([]);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([say('files.notFiles', { count: 1 }), say('files.pictures', { count: 1 })])
    );
  });

  it(`${FILE_LIMITS.count} files of the longest names, the longest message: the form within the budget`, async () => {
    const many = Array.from({ length: FILE_LIMITS.count + 2 }, (_, i) =>
      // Quotes: each is two characters in the card's JSON, the costliest a name can be.
      reference(`f${i}`, `${PLAN}?v=${i}`, `${i}`.padEnd(FILE_LIMITS.name, '"'))
    );
    const card = await openDialog(many, (a) => {
      a.value.messagePayload.body = { contentType: 'text', content: 'x'.repeat(LIMITS.body) };
    });
    expect(toggles(card)).toHaveLength(FILE_LIMITS.count);
    // A name this long is shown cut, with an ellipsis (its whole name is in the post).
    expect(toggles(card)[0].title).toBe(`0${'"'.repeat(FILE_TITLE_MAX - 2)}…`);
    expect(cardTexts(card)).toContain(say('files.overLimit', { count: 2, max: FILE_LIMITS.count }));
    // assertValidCard checked it too; said here with the number.
    expect(utf16Bytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(findInput(card, 'body')?.value).toHaveLength(LIMITS.body);
  });
});

describe('Local mode: a form with files the server has forgotten (the form budget, a restart)', () => {
  const FIRST = 'd0000000-0000-4000-8000-00000000f001';
  const SECOND = 'd0000000-0000-4000-8000-00000000f002';
  const ids = [FIRST, SECOND];
  const bot = useTestBot({
    env: { GRAPH_BASE_URL: `${GRAPH}/v1.0`, FORMS_PER_PERSON: '1' },
    newDraftId: () => ids.shift() ?? 'd0000000-0000-4000-8000-00000000ffff'
  });

  it('Post with a file on: not posted, the form again says so, no toggles; Try again posts without', async () => {
    nockMyGroups(TOKEN, [MARKETING]);
    // The second dialog pushes the first one's context (its files) out of Alice's budget of one.
    for (let i = 0; i < 2; i += 1) {
      const res = await bot.post('/api/messages', fetchTask(ATTACHMENTS));
      expect(res.status).toBe(200);
    }
    const refused = await bot.post('/api/messages', submit({ draftId: FIRST, file0: 'true', file1: 'false' }));
    expect(refused.status).toBe(200);
    const [answer] = refused.body.activities.filter((a: Activity) => a.type === 'invokeResponse');
    const card = answer.value.body.task.value.card.content;
    assertValidCard(card);
    expect(banner(card)).toEqual(notice('error.files_forgotten'));
    expect(toggles(card)).toEqual([]);
    expect(inputValues(card)).toMatchObject({ topic: 'Hi team, the Q1 launch moves to March 3.' });

    // Try again: the card has no toggles any more, so nothing says a file comes along.
    const created: Conversation[] = [];
    nockCreateConversation(TOKEN, MARKETING.id, created);
    nockPersonalChat({ teams: false });
    const retried = await bot.post('/api/messages', submit({ draftId: FIRST }));
    expect(retried.status).toBe(200);
    expect(created).toHaveLength(1);
    assertConversationBody(created[0]);
    expect(created[0].threads?.[0].posts?.[0].body).toEqual({ contentType: 'html', content: AS_TEXT });
  });
});
