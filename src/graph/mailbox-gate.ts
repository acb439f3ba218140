// Outlook allows 4 concurrent requests per app and mailbox; a fifth is answered 429. Instead of
// letting a burst of posts to one group fail and retry in waves, each group mailbox gets 4 slots
// here and further requests queue. Reads and writes below /groups/{id} share the slots, as they
// do in Exchange. One published wording of the limit counts 4 per app across all mailboxes: with
// scope `app` every mailbox shares one set of slots.
//
// No person can starve a group through it (issue 13):
// - writes (a post, a reply) go before every waiting read, and one slot is kept for writes (reads
//   use at most slots - 1), so a post never waits behind anyone's reads, only behind other writes;
// - waiting reads take turns by owner (the token: one person), so one person's burst of More
//   delays another person's read by one turn, not by the whole burst;
// - at most `maxWaiting` reads (and as many writes) wait per mailbox: beyond that the call fails
//   at once with `mailbox_busy` and a wait estimated from how long calls take here, instead of
//   joining a queue nobody would see the end of before Teams gives up on the invoke.
import { AppError } from '../core/errors';
import { aroundGraphCalls, type GraphMethod } from './around-graph-calls';
import type { GraphClient } from './graph-client';

const MAILBOX_METHODS: ReadonlySet<GraphMethod> = new Set<GraphMethod>([
  'createConversation',
  'replyToThread',
  'listConversations',
  'getConversationThreadId',
  'listConversationThreads',
  'listThreadPosts'
]);
const WRITE_METHODS: ReadonlySet<GraphMethod> = new Set<GraphMethod>(['createConversation', 'replyToThread']);

export type GateLane = 'read' | 'write';

export interface GateTicket {
  lane: GateLane;
  /** Whose call this is (reads take turns by owner); one shared turn when absent. */
  owner?: string;
}

export interface MailboxGate {
  run<T>(mailbox: string, work: () => Promise<T>, ticket?: GateTicket): Promise<T>;
}

export interface MailboxGateOptions {
  slots: number;
  /** Calls waiting per mailbox and lane before `mailbox_busy`; unbounded when absent. */
  maxWaiting?: number;
  now?: () => number;
}

interface MailboxState {
  reads: number;
  writes: number;
  writeQueue: (() => void)[];
  /** Waiting reads by owner, in the order owners first queued: the front owner's turn is next. */
  readQueues: Map<string, (() => void)[]>;
  readsWaiting: number;
}

/** A first guess of how long a Graph call holds a slot, until calls have been timed. */
const INITIAL_CALL_MS = 500;
const MAX_RETRY_AFTER_SECONDS = 60;

export function createMailboxGate(options: MailboxGateOptions | number): MailboxGate {
  const {
    slots,
    maxWaiting = Number.POSITIVE_INFINITY,
    now = Date.now
  } = typeof options === 'number' ? { slots: options } : options;
  // One slot is the writes' own when there are two or more; with one, reads and writes share it.
  const readSlots = slots > 1 ? slots - 1 : slots;
  const mailboxes = new Map<string, MailboxState>();
  // Moving average of a call's time in a slot: the busy answer's "try again in N s".
  let callMs = INITIAL_CALL_MS;

  const stateOf = (key: string): MailboxState => {
    let state = mailboxes.get(key);
    if (!state) {
      state = { reads: 0, writes: 0, writeQueue: [], readQueues: new Map(), readsWaiting: 0 };
      mailboxes.set(key, state);
    }
    return state;
  };

  const canStart = (state: MailboxState, lane: GateLane): boolean =>
    lane === 'write'
      ? state.reads + state.writes < slots
      : state.reads < readSlots && state.reads + state.writes < slots;

  /** Starts whoever is next while slots are free: writes first, then reads owner by owner. */
  const dispatch = (key: string, state: MailboxState): void => {
    while (state.writeQueue.length > 0 && canStart(state, 'write')) {
      state.writes++;
      state.writeQueue.shift()?.();
    }
    while (state.readsWaiting > 0 && canStart(state, 'read')) {
      const [owner, queue] = state.readQueues.entries().next().value as [string, (() => void)[]];
      const next = queue.shift();
      // Round robin: the owner goes to the back of the line (or leaves it when done).
      state.readQueues.delete(owner);
      if (queue.length > 0) state.readQueues.set(owner, queue);
      state.readsWaiting--;
      state.reads++;
      next?.();
    }
    if (state.reads + state.writes === 0 && state.writeQueue.length === 0 && state.readsWaiting === 0)
      mailboxes.delete(key);
  };

  const busy = (state: MailboxState, lane: GateLane): AppError => {
    const waiting = lane === 'write' ? state.writeQueue.length : state.readsWaiting + state.writeQueue.length;
    const laneSlots = lane === 'write' ? slots : readSlots;
    const seconds = Math.ceil(((waiting / laneSlots + 1) * callMs) / 1000);
    return new AppError('mailbox_busy', `${waiting} ${lane}s already wait for this mailbox`, {
      retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds))
    });
  };

  return {
    async run(mailbox, work, ticket = { lane: 'read' }) {
      const key = mailbox.toLowerCase();
      const state = stateOf(key);
      const { lane } = ticket;
      if (canStart(state, lane) && (lane === 'write' ? state.writeQueue.length : state.readsWaiting) === 0) {
        if (lane === 'write') state.writes++;
        else state.reads++;
      } else {
        const waiting = lane === 'write' ? state.writeQueue.length : state.readsWaiting;
        if (waiting >= maxWaiting) throw busy(state, lane);
        await new Promise<void>((resolve) => {
          if (lane === 'write') state.writeQueue.push(resolve);
          else {
            const owner = ticket.owner ?? '';
            const queue = state.readQueues.get(owner);
            if (queue) queue.push(resolve);
            else state.readQueues.set(owner, [resolve]);
            state.readsWaiting++;
          }
        });
      }
      const startedAt = now();
      try {
        return await work();
      } finally {
        callMs = 0.8 * callMs + 0.2 * Math.max(0, now() - startedAt);
        if (lane === 'write') state.writes--;
        else state.reads--;
        dispatch(key, state);
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
    MAILBOX_METHODS.has(method)
      ? gate.run(scope === 'app' ? 'app' : String(args[1]), call, {
          lane: WRITE_METHODS.has(method) ? 'write' : 'read',
          // The token stands for the person: the gate only compares owners and keeps none once idle.
          owner: String(args[0])
        })
      : call()
  );
}
