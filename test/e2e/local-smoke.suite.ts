// Black box: `npm start` in local mode (PLAYGROUND=0), activities posted over HTTP as the
// playground would, the result read back from the Graph sandbox; then a restart keeps it all.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocal, type LocalBot } from '../helpers/local-process';
import { checkAnswerCards } from '../helpers/answer-cards';
import { cardTitle, findAction, findInput } from '../helpers/card-readers';
import { CURRENT_USER_ID, SEED } from '../../src/sandbox';
import { say } from '../../src/core/words';

jest.setTimeout(180_000);

const person = { id: CURRENT_USER_ID, name: 'Alex Wilber', aadObjectId: CURRENT_USER_ID };
const activity = (extra: Record<string, unknown>) => ({
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/unused',
  from: person,
  recipient: { id: 'bot', name: 'Group Conversations' },
  conversation: { id: 'personal-chat-id', conversationType: 'personal', tenantId: SEED.tenantId },
  ...extra
});

async function post(bot: LocalBot, body: unknown): Promise<any> {
  const res = await fetch(`${bot.botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  expect(res.status).toBe(200);
  const answer = await res.json();
  checkAnswerCards('/api/messages', answer);
  return answer;
}

describe('npm start (local mode, no playground): a person posts a conversation through the bot', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gcbot-smoke-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'new → form with the seeded groups → Post → ' + 'stored in the sandbox, and still there after a restart',
    async () => {
      let bot = await startLocal({ playground: false, dataDir });
      let confirmation: unknown;
      let draftId = '';
      const groupByName = (name: string) => SEED.groups.find((g) => g.displayName === name)!;
      const megan = SEED.users.find((u) => u.displayName === 'Megan Bowen')!;
      try {
        expect(await (await fetch(`${bot.botUrl}/healthz`)).json()).toEqual({ status: 'ok' });
        const replies = await post(
          bot,
          activity({ type: 'message', id: 'm1', text: 'new', deliveryMode: 'expectReplies' })
        );
        const form = replies.activities[0].attachments[0].content;
        expect(findInput(form, 'groupId')?.choices.map((c: any) => c.title)).toEqual([
          'Contoso Team',
          'Leadership',
          'Marketing',
          'Product launch'
        ]);
        draftId = findAction(form, 'createConversation').data.draftId;

        const invoke = activity({
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: 'i1',
          value: {
            action: {
              type: 'Action.Execute',
              verb: 'createConversation',
              data: {
                draftId,
                groupId: groupByName('Marketing').id,
                topic: 'Smoke topic',
                body: 'Hello\nteam',
                participants: megan.id,
                otherEmails: ''
              }
            }
          }
        });
        const answer = await post(bot, invoke);
        expect(answer.statusCode).toBe(200);
        expect(cardTitle(answer.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
        confirmation = answer.value;

        const state = await (await fetch(`${bot.sandboxUrl}/_sandbox/state`)).json();
        const mine = state.conversations.filter((c: any) => c.topic === 'Smoke topic');
        expect(mine).toHaveLength(1);
        expect(mine[0].groupId).toBe(groupByName('Marketing').id);
        expect(mine[0].threads[0].posts[0]).toMatchObject({
          body: { contentType: 'html', content: 'Hello<br>team' },
          from: CURRENT_USER_ID,
          newParticipants: [{ emailAddress: { name: 'Megan Bowen', address: megan.mail } }]
        });
        await bot.stop();
        await expect(fetch(`${bot.botUrl}/healthz`)).rejects.toThrow();
        await expect(fetch(`${bot.sandboxUrl}/_sandbox/state`)).rejects.toThrow();

        // Start again on the same DATA_DIR: the conversation is still there, and the same form
        // submitted again answers with the same confirmation instead of posting twice.
        bot = await startLocal({ playground: false, dataDir });
        const again = await post(bot, { ...invoke, id: 'i2' });
        expect(again.value).toEqual(confirmation);
        const after = await (await fetch(`${bot.sandboxUrl}/_sandbox/state`)).json();
        expect(after.conversations.filter((c: any) => c.topic === 'Smoke topic')).toHaveLength(1);
      } finally {
        await bot.stop();
      }
    }
  );
});
