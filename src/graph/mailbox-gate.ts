// Outlook allows 4 concurrent requests per app and mailbox; a fifth is answered 429. Instead of
// letting a burst of posts to one group fail and retry in waves, each group mailbox gets 4 slots
// here and further requests queue (first come, first served). Reads and writes below
// /groups/{id} share the slots, as they do in Exchange.
import type { GraphClient } from './graph-client';

const MAILBOX_METHODS: ReadonlySet<string> = new Set(['createConversation', 'replyToThread', 'listConversations', 'getConversationThreadId', 'listThreadPosts']);

export interface MailboxGate {
  run<T>(mailbox: string, work: () => Promise<T>): Promise<T>;
}

export function createMailboxGate(slots: number): MailboxGate {
  const mailboxes = new Map<string, { busy: number; waiting: (() => void)[] }>();
  return {
    async run(mailbox, work) {
      const key = mailbox.toLowerCase();
      let state = mailboxes.get(key);
      if (!state) mailboxes.set(key, (state = { busy: 0, waiting: [] }));
      if (state.busy >= slots) await new Promise<void>((resolve) => state!.waiting.push(resolve));
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
export function withMailboxGate(client: GraphClient, gate: MailboxGate): GraphClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || !MAILBOX_METHODS.has(String(property))) return value;
      return (...args: unknown[]) => gate.run(String(args[1]), () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    }
  });
}
