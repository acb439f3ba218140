// Outlook allows 4 concurrent requests per app and mailbox; a fifth is answered 429. Instead of
// letting a burst of posts to one group fail and retry in waves, each group mailbox gets 4 slots
// here and further requests queue (first come, first served). Reads and writes below
// /groups/{id} share the slots, as they do in Exchange. One published wording of the limit counts
// 4 per app across all mailboxes: with scope `app` every mailbox shares one set of slots.
import { aroundGraphCalls, type GraphMethod } from './around-graph-calls';
import type { GraphClient } from './graph-client';

const MAILBOX_METHODS: ReadonlySet<GraphMethod> = new Set<GraphMethod>([
  'createConversation',
  'replyToThread',
  'listConversations',
  'getConversationThreadId',
  'listThreadPosts'
]);

export interface MailboxGate {
  run<T>(mailbox: string, work: () => Promise<T>): Promise<T>;
}

export function createMailboxGate(slots: number): MailboxGate {
  const mailboxes = new Map<string, { busy: number; waiting: (() => void)[] }>();
  return {
    async run(mailbox, work) {
      const key = mailbox.toLowerCase();
      const state = mailboxes.get(key) ?? { busy: 0, waiting: [] };
      mailboxes.set(key, state);
      if (state.busy >= slots) await new Promise<void>((resolve) => state.waiting.push(resolve));
      else state.busy++;
      try {
        return await work();
      } finally {
        // Hand the slot straight to the next in line; forget idle mailboxes.
        const next = state.waiting.shift();
        if (next) next();
        else if (--state.busy === 0) mailboxes.delete(key);
      }
    }
  };
}

/** Routes the mailbox methods of `client` (group id = second argument) through the gate. */
export function withMailboxGate(
  client: GraphClient,
  gate: MailboxGate,
  scope: 'mailbox' | 'app' = 'mailbox'
): GraphClient {
  return aroundGraphCalls(client, (method, args, call) =>
    MAILBOX_METHODS.has(method) ? gate.run(scope === 'app' ? 'app' : String(args[1]), call) : call()
  );
}
