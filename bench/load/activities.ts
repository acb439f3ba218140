// The activities the bench posts to /api/messages, as Teams would send them: messages with
// deliveryMode expectReplies (so the replies come back in the HTTP answer) and Post pressed on
// the form, an Action.Execute invoke (Teams sends invokes without deliveryMode).
import { randomUUID } from 'node:crypto';
import { sandboxCode } from '../built-code';

export interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}

const { SEED, SEED_USER_IDS, TEAM_GROUP_ID } = sandboxCode();
export { TEAM_GROUP_ID };

/** The six playground people, who take turns pressing Post. */
export const PEOPLE: readonly Person[] = [
  SEED_USER_IDS.alex,
  SEED_USER_IDS.megan,
  SEED_USER_IDS.adele,
  SEED_USER_IDS.isaiah,
  SEED_USER_IDS.patti,
  SEED_USER_IDS.lynne
].map((id) => {
  const user = SEED.users.find((u) => u.id === id);
  if (!user) throw new Error(`bench: seed user ${id} is missing`);
  return { id, name: user.displayName, aadObjectId: id };
});
export const ALEX = PEOPLE[0];

function activity(person: Person, extra: object): object {
  return {
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/unused',
    from: person,
    recipient: { id: 'bot', name: 'Group Conversations' },
    conversation: { id: `personal-chat-${person.id}`, conversationType: 'personal', tenantId: SEED.tenantId },
    ...extra
  };
}

let activitySeq = 0;
/** Each activity's own id: the bot process attributes Graph time to the activity by it. */
const nextId = () => `bench-${++activitySeq}`;

export function messageBody(text: string, person: Person = ALEX): string {
  return JSON.stringify(activity(person, { type: 'message', id: nextId(), text, deliveryMode: 'expectReplies' }));
}

/**
 * Post pressed on the 1:1 chat's form with several groups picked (comma-joined, as the multi-select
 * sends them), no participants: a broadcast. Its progress card is the message `replyToId` in the
 * connector at `serviceUrl` (bench/load/connector-stub.ts), where the bot sends its updates.
 */
export function broadcastBody(
  person: Person,
  b: { groupIds: readonly string[]; topic: string; draftId: string; serviceUrl: string }
): string {
  return JSON.stringify({
    ...activity(person, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: nextId(),
      replyToId: `bench-card-${b.draftId}`,
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'createConversation',
          data: {
            draftId: b.draftId,
            groupId: b.groupIds.join(','),
            topic: b.topic,
            body: 'Hello from npm run bench, to every group at once.',
            participants: '',
            otherEmails: ''
          }
        }
      }
    }),
    serviceUrl: b.serviceUrl
  });
}

/**
 * Post pressed on a filled-in form: 2 other playground people as participants, or none. The team's
 * group is hidden from Outlook, as Teams creates it (issue 17), so each press is the form's "Post
 * anyway" (`hiddenAck`): the workload is the post, not the warning that comes before it once.
 */
export function postBody(person: Person, { participants = true, draftId = randomUUID() } = {}): string {
  const others = PEOPLE.filter((p) => p.id !== person.id)
    .slice(0, 2)
    .map((p) => p.id);
  return JSON.stringify(
    activity(person, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: nextId(),
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'createConversation',
          data: {
            draftId,
            groupId: TEAM_GROUP_ID,
            topic: 'Benchmark topic',
            body: 'Hello from npm run bench.\nSecond line.',
            participants: participants ? others.join(',') : '',
            otherEmails: '',
            hiddenAck: TEAM_GROUP_ID
          }
        }
      }
    })
  );
}
