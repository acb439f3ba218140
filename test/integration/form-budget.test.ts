// A form the bounded form-context store has forgotten (issue 13: per person, bytes, age) takes
// the path a restart takes: the Post still posts, from what the card carries. Here the person's
// per-person budget is 1, so opening the message action a second time forgets the first dialog's
// context, its sanitized HTML included: its Post posts the card's plain text, once, as Alice.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { say } from '../../src/core/words';
import { ALICE } from '../helpers/entra';
import { cardAttachments, fixture, type Activity } from '../helpers/fixtures';
import { GRAPH, nockCreateConversation, nockMyGroups, type Group } from '../helpers/graph-nock';
import { cardButtons, cardTitle } from '../helpers/card-readers';
import { nockPersonalChat } from '../helpers/personal-chat-nock';
import { useTestBot } from '../helpers/test-bot';

const TOKEN = `sandbox.${ALICE.aadObjectId}`;
const FIRST = 'd0000000-0000-4000-8000-00000000f001';
const SECOND = 'd0000000-0000-4000-8000-00000000f002';
const MARKETING: Group = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  displayName: 'Marketing',
  mail: 'marketing@contoso.test'
};

describe('Local mode: a form forgotten by the form budget still posts', () => {
  const ids = [FIRST, SECOND];
  const bot = useTestBot({
    env: { GRAPH_BASE_URL: `${GRAPH}/v1.0`, FORMS_PER_PERSON: '1' },
    newDraftId: () => ids.shift() ?? 'd0000000-0000-4000-8000-00000000ffff'
  });

  it("opening a second form forgets the first's context; the first's Post posts its text, without HTML", async () => {
    nockMyGroups(TOKEN, [MARKETING]);
    for (const draftId of [FIRST, SECOND]) {
      const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch'));
      expect(res.status).toBe(200);
      expect(cardButtons(res.body.task.value.card.content)[0]?.data).toMatchObject({ draftId });
    }

    const created: Conversation[] = [];
    const graph = nockCreateConversation(TOKEN, MARKETING.id, created);
    const personal = nockPersonalChat({ teams: false });
    const res = await bot.post(
      '/api/messages',
      fixture('invoke-message-action-submit', (a: Activity) => {
        a.deliveryMode = 'expectReplies';
        a.value.data = { ...a.value.data, draftId: FIRST, groupId: MARKETING.id, participants: '' };
      })
    );
    expect(res.status).toBe(200);
    expect(graph.isDone()).toBe(true);
    expect(created).toHaveLength(1);
    // The card's text, escaped, lines as <br>: the message's formatting lived only in the forgotten context.
    const content = created[0].threads?.[0].posts?.[0].body?.content ?? '';
    expect(content).toContain('Hi team, the Q1 launch moves to March 3.<br>Plan:');
    expect(content).not.toContain('<strong>');
    await personal.firstMessage;
    const [confirmation] = cardAttachments(personal.sent);
    expect(cardTitle(confirmation)).toBe(say('confirmation.title', { group: 'Marketing' }));
  });
});
