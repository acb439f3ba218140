// The whole loop against the real Graph sandbox (no nock for Graph): the bot in local mode posts a
// conversation, lists the group, opens Reply from the list row (the thread looked up in the
// sandbox), posts the reply, and the sandbox's state shows the second post in that thread. In every
// sandbox configuration (jest projects): the row is found by pressing More as a person would.
import { useTestBot } from '../helpers/test-bot';
import { cardAttachments, createInvoke, fixture, type Activity } from '../helpers/fixtures';
import { cardAction } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { buttonsFor, cardTitle, findAction } from '../helpers/card-readers';
import { say } from '../../src/core/words';
import { CURRENT_USER_ID, SEED_GROUP_IDS, SEED_USER_IDS, type GraphSandbox } from '../../src/sandbox';
import { startVariantSandbox } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';

type Node = Record<string, any>;
const asAlex = (a: Activity) => {
  a.from.aadObjectId = CURRENT_USER_ID;
};

describe(`Local mode against the Graph sandbox: post, list, reply (${sandboxVariant().name})`, () => {
  let sandbox: GraphSandbox;
  let origin: string;
  let baseUrl: string;

  beforeAll(async () => {
    ({ sandbox, origin, baseUrl } = await startVariantSandbox());
  });
  afterAll(async () => {
    await sandbox.close();
  });
  const bot = useTestBot({ per: 'describe', env: () => ({ GRAPH_BASE_URL: baseUrl, ...sandboxVariant().botEnv }) });

  async function invoke(activity: Activity): Promise<Node> {
    const res = await bot.post('/api/messages', activity);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    assertValidCard(res.body.value);
    return res.body.value;
  }

  it("the reply lands in the listed conversation's thread, sent as the person", async () => {
    const groupId = SEED_GROUP_IDS.productLaunch;
    const posted = await invoke(
      createInvoke(
        { groupId, topic: 'Launch checklist', body: 'First draft attached.', participants: '', otherEmails: '' },
        asAlex
      )
    );
    expect(cardTitle(posted)).toBe(say('confirmation.title', { group: 'Product launch' }));

    const listed = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        asAlex(a);
        a.text = 'list product launch';
        a.deliveryMode = 'expectReplies';
      })
    );
    let [list] = cardAttachments(listed.body.activities);
    assertValidCard(list);
    expect(cardTitle(list)).toBe(say('list.title', { group: 'Product launch' }));
    // Where Graph lists it depends on the configuration: More until it shows (a bounded number of presses).
    let row = buttonsFor(list, 'openReply').find((r) => r.data.topic === 'Launch checklist');
    for (let press = 0; !row && press < 10; press++) {
      list = await invoke(cardAction('listConversations', findAction(list, 'listConversations').data, asAlex));
      row = buttonsFor(list, 'openReply').find((r) => r.data.topic === 'Launch checklist');
    }
    expect(row).toBeDefined();
    expect(row?.type).toBe('Action.Execute');
    expect(row?.data.threadId).toBeUndefined();

    const form = await invoke(cardAction('openReply', row?.data, asAlex));
    const post = findAction(form, 'replyToThread');
    expect(post.type).toBe('Action.Execute');
    expect(post.data.threadId).toEqual(expect.any(String));

    const sent = await invoke(
      cardAction(
        'replyToThread',
        {
          ...post.data,
          body: 'Checklist done.\nShipping <Friday>.',
          participants: SEED_USER_IDS.megan,
          otherEmails: ''
        },
        asAlex
      )
    );
    expect(cardTitle(sent)).toBe(say('replySent.title', { topic: 'Launch checklist' }));

    const state = (await (await fetch(`${origin}/_sandbox/state`)).json()) as Node;
    const conversation = state.conversations.find((c: Node) => c.topic === 'Launch checklist');
    expect(conversation.groupId).toBe(groupId);
    expect(conversation.threads).toHaveLength(1);
    const [thread] = conversation.threads;
    expect(thread.id).toBe(post.data.threadId);
    expect(thread.posts).toHaveLength(2);
    expect(thread.posts[1]).toMatchObject({
      from: CURRENT_USER_ID,
      body: { contentType: 'html', content: 'Checklist done.<br>Shipping &lt;Friday&gt;.' },
      newParticipants: [{ emailAddress: { name: 'Megan Bowen', address: 'meganb@contoso.test' } }]
    });
  });
});
