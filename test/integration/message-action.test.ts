// "Post to a group" on a Teams message, in local mode over HTTP (anonymous Bot Framework, the
// LocalTokenProvider's `sandbox.<object id>` token, Graph nocked at its real URL):
// composeExtension/fetchTask → the dialog with the form pre-filled from the message;
// composeExtension/submitAction → the exact Graph POST, the confirmation into the chat, the
// dialog closed; or the dialog again with everything kept.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { nockPersonalChat } from '../helpers/personal-chat-nock';
import { ALICE, BOB } from '../helpers/entra';
import { cardAttachments, fixture, type Activity } from '../helpers/fixtures';
import {
  GRAPH,
  assertConversationBody,
  nockCreateConversation,
  nockGetGroup,
  nockMyGroups,
  nockOutlookVisibility,
  nockReconcileCreate,
  nockResolveUsers,
  type Group
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { banner, cardButtons, cardTexts, cardTitle, findInput, inputValues } from '../helpers/card-readers';
import { fieldErrors } from '../helpers/retry-form';
import { notice, say } from '../../src/core/words';

const TOKEN = `sandbox.${ALICE.aadObjectId}`;
const DRAFT = 'd0000000-0000-4000-8000-00000000d1a1';
const GROUPS: Group[] = [
  { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'Sales' },
  { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' }
];
const MARKETING = GROUPS[1];
const TOPIC = 'Hi team, the Q1 launch moves to March 3.';
const TEXT =
  'Hi team, the Q1 launch moves to March 3.\n' +
  'Plan: launch plan (https://contoso.sharepoint.com/sites/launch/plan.docx)\n' +
  '- Marketing: update the site\n- Sales: brief Carol Diaz';
const SANITIZED =
  '<p>Hi team, the <strong>Q1 launch</strong> moves to <em>March 3</em>.</p>' +
  '<p>Plan: <a href="https://contoso.sharepoint.com/sites/launch/plan.docx">launch plan</a></p>' +
  '<ul><li>Marketing: update the site</li><li>Sales: brief Carol Diaz</li></ul>';

const fetchTask = (patch: (a: Activity) => void = () => undefined) => fixture('invoke-message-action-fetch', patch);
const submit = (data: Record<string, unknown>, patch: (a: Activity) => void = () => undefined) =>
  fixture('invoke-message-action-submit', (a) => {
    a.deliveryMode = 'expectReplies';
    a.value.data = { ...a.value.data, ...data };
    patch(a);
  });

describe('Local mode: the "Post to a group" message action', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` }, newDraftId: () => DRAFT });

  /** Sends the fetchTask invoke (no expectReplies: the invoke response is the HTTP body) → the dialog. */
  async function openDialog(patch?: (a: Activity) => void): Promise<{ task: any; card: any }> {
    const res = await bot.post('/api/messages', fetchTask(patch));
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('continue');
    const task = res.body.task.value;
    expect(task).toMatchObject({ title: say('form.dialogTitle'), height: 'large', width: 'medium' });
    expect(task.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    assertValidCard(task.card.content);
    return { task, card: task.card.content };
  }

  /** Sends a submitAction (expectReplies) → the invoke response and the messages sent into the chat. */
  async function post(activity: Activity): Promise<{ invoke: any; sent: Activity[] }> {
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(200);
    const activities: Activity[] = res.body.activities;
    const invokes = activities.filter((a) => a.type === 'invokeResponse');
    expect(invokes).toHaveLength(1);
    expect(invokes[0].value.status).toBe(200);
    const sent = activities.filter((a) => a.type === 'message');
    cardAttachments(sent).forEach(assertValidCard);
    return { invoke: invokes[0].value.body, sent };
  }

  /** The dialog's form again (task continue). */
  function dialogCard(invoke: any): any {
    expect(invoke.task.type).toBe('continue');
    expect(invoke.task.value.title).toBe(say('form.dialogTitle'));
    const card = invoke.task.value.card.content;
    assertValidCard(card);
    return card;
  }

  it('opens the dialog: the form pre-filled from the message, the author offered, Post as Action.Submit', async () => {
    const groups = nockMyGroups(TOKEN, GROUPS);
    const { card } = await openDialog();
    expect(groups.isDone()).toBe(true);
    expect(inputValues(card)).toEqual({
      groupId: '',
      topic: TOPIC,
      body: TEXT,
      participants: BOB.aadObjectId,
      otherEmails: ''
    });
    expect(findInput(card, 'groupId')?.choices).toEqual([
      { title: 'Marketing', value: MARKETING.id },
      { title: 'Sales', value: GROUPS[0].id }
    ]);
    const people = findInput(card, 'participants') as Record<string, any>;
    expect(people.choices).toEqual([{ title: 'Bob Stone', value: BOB.aadObjectId }]);
    expect(people['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    expect(cardButtons(card)).toEqual([
      {
        type: 'Action.Submit',
        title: say('button.post'),
        style: 'positive',
        data: { verb: 'createConversation', draftId: DRAFT }
      }
    ]);
    // The card shows text only: no markup from the message reaches it.
    expect(JSON.stringify(card)).not.toMatch(/<p>|<strong>|<a |<at /);
  });

  it(
    "Post with the text unchanged: the message's sanitized HTML is the post body; " +
      'the chat reads a neutral card, the confirmation goes to the 1:1 chat; the dialog closes',
    async () => {
      nockMyGroups(TOKEN, GROUPS);
      await openDialog();
      const users = nockResolveUsers(
        TOKEN,
        [BOB.aadObjectId],
        [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]
      );
      const created: Conversation[] = [];
      const graph = nockCreateConversation(TOKEN, MARKETING.id, created);

      const personal = nockPersonalChat({ teams: false });
      const { invoke, sent } = await post(submit({ groupId: MARKETING.id }));

      expect(users.isDone()).toBe(true);
      expect(graph.isDone()).toBe(true);
      expect(created).toEqual([
        {
          topic: TOPIC,
          threads: [
            {
              posts: [
                {
                  body: { contentType: 'html', content: SANITIZED },
                  newParticipants: [{ emailAddress: { name: BOB.name, address: BOB.mail } }]
                }
              ]
            }
          ]
        }
      ]);
      assertConversationBody(created[0]);
      // Closes the dialog: teams-ai answers an empty submitAction result with no task and no card.
      expect(invoke).toEqual({});
      // The group chat reads who posted where, nothing typed; the confirmation goes to the 1:1 chat.
      const [neutral] = cardAttachments(sent);
      expect(sent).toHaveLength(1);
      expect(cardTitle(neutral)).toBe(notice('notice.sharedPosted', { actor: ALICE.name, group: 'Marketing' }).title);
      expect(JSON.stringify(neutral)).not.toContain(TOPIC);
      await personal.firstMessage;
      expect(personal.created).toHaveLength(1);
      const [confirmation] = cardAttachments(personal.sent);
      assertValidCard(confirmation);
      expect(cardTitle(confirmation)).toBe(say('confirmation.title', { group: 'Marketing' }));
      expect(cardTexts(confirmation)).toEqual(
        expect.arrayContaining([TOPIC, say('confirmation.conversationId', { id: 'AAQkAGConversation1=' })])
      );
    }
  );

  it('Post with the text edited: the typed text, escaped; HTML in card data is never used', async () => {
    nockMyGroups(TOKEN, GROUPS);
    await openDialog();
    const created: Conversation[] = [];
    nockCreateConversation(TOKEN, MARKETING.id, created);
    const edited = `${TEXT}\n<b>Thanks</b>`;
    await post(
      submit({
        groupId: MARKETING.id,
        body: edited,
        participants: '',
        bodyHtml: '<script>alert(1)</script>',
        html: '<img src=x onerror=alert(1)>'
      })
    );
    expect(created[0].threads?.[0].posts?.[0].body).toEqual({
      contentType: 'html',
      content:
        'Hi team, the Q1 launch moves to March 3.<br>' +
        'Plan: launch plan (https://contoso.sharepoint.com/sites/launch/plan.docx)<br>' +
        '- Marketing: update the site<br>- Sales: brief Carol Diaz<br>&lt;b&gt;Thanks&lt;/b&gt;'
    });
    assertConversationBody(created[0]);
  });

  it('a hostile message: nothing executable reaches the form or Graph', async () => {
    nockMyGroups(TOKEN, GROUPS);
    const { card } = await openDialog((a) => {
      a.value.messagePayload.subject = 'Urgent <script>alert(1)</script>';
      a.value.messagePayload.body.content =
        '<p onclick="steal()">Read <a href="javascript:alert(1)">this</a> and <a href="data:text/html,x">that</a></p>' +
        '<img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe><style>p{display:none}</style>' +
        '<script>alert(2)</script><p style="x">ok <b>bold';
    });
    const values = inputValues(card);
    // A subject is text: shown as typed, escaped when posted.
    expect(values.topic).toBe('Urgent <script>alert(1)</script>');
    expect(values.body).toBe('Read this and that\nok bold');

    const created: Conversation[] = [];
    nockCreateConversation(TOKEN, MARKETING.id, created);
    nockResolveUsers(TOKEN, [BOB.aadObjectId], [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]);
    await post(submit({ groupId: MARKETING.id, topic: values.topic, body: values.body }));
    const content = created[0].threads?.[0].posts?.[0].body?.content ?? '';
    expect(content).toBe('<p>Read <a>this</a> and <a>that</a></p><p>ok <b>bold</b></p>');
    expect(created[0].topic).toBe('Urgent <script>alert(1)</script>'); // Graph's topic is plain text
  });

  it("only the person who opened the dialog gets the message's HTML for its draftId", async () => {
    nockMyGroups(TOKEN, GROUPS);
    await openDialog();
    const bobToken = `sandbox.${BOB.aadObjectId}`;
    const created: Conversation[] = [];
    nockCreateConversation(bobToken, MARKETING.id, created);
    // Bob never listed his groups in this process: the group is looked up by id.
    nockGetGroup(bobToken, MARKETING);
    await post(
      submit({ groupId: MARKETING.id, participants: '' }, (a) => {
        a.from = { id: '29:1bob-teams-user-id', name: BOB.name, aadObjectId: BOB.aadObjectId };
      })
    );
    expect(created[0].threads?.[0].posts?.[0].body?.content).toContain(
      'Hi team, the Q1 launch moves to March 3.<br>Plan:'
    );
  });

  it(
    'a failed validation: the dialog again with every input kept, ' + "the banner and the field's error; nothing sent",
    async () => {
      nockMyGroups(TOKEN, GROUPS);
      await openDialog();
      const { invoke, sent } = await post(
        submit({ groupId: MARKETING.id, topic: '   ', otherEmails: 'not-an-address' })
      );
      expect(sent).toEqual([]);
      const card = dialogCard(invoke);
      expect(inputValues(card)).toEqual({
        groupId: MARKETING.id,
        topic: '   ',
        body: TEXT,
        participants: BOB.aadObjectId,
        otherEmails: 'not-an-address'
      });
      expect(banner(card)).toEqual(notice('error.validation_failed', { refreshed: false, fields: 2 }));
      expect(fieldErrors(card)).toEqual({
        topic: say('field.topic.missing'),
        otherEmails: say('field.otherEmails.invalid', { addresses: ['not-an-address'], more: false })
      });
      // Still the dialog's form: Submit "Try again", the author still named in the picker, the group names kept.
      expect(cardButtons(card)).toEqual([
        {
          type: 'Action.Submit',
          title: say('button.tryAgain'),
          style: 'positive',
          data: { verb: 'createConversation', draftId: DRAFT }
        }
      ]);
      expect(findInput(card, 'participants')?.choices).toEqual([{ title: 'Bob Stone', value: BOB.aadObjectId }]);
      expect(findInput(card, 'groupId')?.choices.map((c: any) => c.title)).toEqual(['Marketing', 'Sales']);
    }
  );

  it('Graph fails: the dialog again with the text kept and what happened; Try again then posts once', async () => {
    nockMyGroups(TOKEN, GROUPS);
    await openDialog();
    nockResolveUsers(TOKEN, [BOB.aadObjectId], [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]);
    nockCreateConversation(TOKEN, MARKETING.id, [], { status: 503 });
    // A 503 on the create may have committed: the group is searched before saying anything.
    const me = { id: ALICE.aadObjectId, displayName: ALICE.name, mail: ALICE.mail };
    nockReconcileCreate(TOKEN, MARKETING.id, me);
    const failed = await post(submit({ groupId: MARKETING.id }));
    expect(failed.sent).toEqual([]);
    const card = dialogCard(failed.invoke);
    expect(banner(card)?.title).toBe(notice('error.post_status_unknown', {}).title);
    expect(inputValues(card)).toMatchObject({ groupId: MARKETING.id, topic: TOPIC, body: TEXT });

    const lookAgain = nockReconcileCreate(TOKEN, MARKETING.id, me);
    nockResolveUsers(TOKEN, [BOB.aadObjectId], [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]);
    const created: Conversation[] = [];
    nockCreateConversation(TOKEN, MARKETING.id, created);
    const retried = await post(submit({ groupId: MARKETING.id }));
    expect(retried.invoke).toEqual({});
    expect(created).toHaveLength(1);
    expect(created[0].threads?.[0].posts?.[0].body?.content).toBe(SANITIZED);
    for (const scope of lookAgain) expect(scope.isDone()).toBe(true);

    // The same form submitted again: nothing new to Graph, the confirmation shown in the dialog only.
    const again = await post(submit({ groupId: MARKETING.id }));
    expect(again.sent).toEqual([]);
    expect(cardTitle(dialogCard(again.invoke))).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(created).toHaveLength(1);
  });

  it(
    "the person's own message: no participant pre-filled; " +
      "a subject is the topic; in a channel the team's group is chosen",
    async () => {
      nockMyGroups(TOKEN, GROUPS);
      // The team's group is known, so the dialog asks whether it is hidden from Outlook (issue 17).
      const flag = nockOutlookVisibility(TOKEN, MARKETING.id, false);
      const { card } = await openDialog((a) => {
        a.value.messagePayload.from.user = {
          id: ALICE.aadObjectId,
          displayName: ALICE.name,
          userIdentityType: 'aadUser'
        };
        a.value.messagePayload.subject = 'Launch update';
        a.conversation = {
          isGroup: true,
          conversationType: 'channel',
          tenantId: a.conversation.tenantId,
          id: '19:general@thread.tacv2;messageid=1732700000100'
        };
        a.channelData.team = { id: '19:team@thread.tacv2', aadGroupId: MARKETING.id.toUpperCase() };
      });
      expect(flag.isDone()).toBe(true);
      expect(inputValues(card)).toMatchObject({ groupId: MARKETING.id, topic: 'Launch update', participants: '' });
      expect(findInput(card, 'participants')?.choices).toEqual([]);
    }
  );

  it('no Microsoft 365 group: a notice in the dialog, no form', async () => {
    nockMyGroups(TOKEN, []);
    const { card } = await openDialog();
    expect(inputValues(card)).toEqual({});
    expect(cardTexts(card).join('\n')).toContain(notice('error.no_groups.dialog').text);
  });
});
