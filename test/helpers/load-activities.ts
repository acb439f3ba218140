// Helpers for the load suite (test/reliability/load.test.ts): people added to the Graph sandbox,
// local-mode activities as the Agents Playground sends them, what kind of card came back, a
// bounded-concurrency runner, and the test process's RSS (after a full GC when one can be had).
import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SEED_TENANT_ID } from '../../src/sandbox';
import { say } from '../../src/core/words';
import { actionTitles, matchesWord } from './card-readers';

export interface LoadPerson {
  id: string;
  displayName: string;
  mail: string;
}

/** `count` new people in the sandbox (POST /_sandbox/users), members of every group in `groupIds`. */
export async function addPeople(
  sandboxOrigin: string,
  count: number,
  groupIds: readonly string[]
): Promise<LoadPerson[]> {
  const res = await fetch(`${sandboxOrigin}/_sandbox/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count, groupIds }),
    signal: AbortSignal.timeout(10_000)
  });
  if (res.status !== 201) throw new Error(`POST /_sandbox/users answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { users: LoadPerson[] }).users;
}

/** An activity from `person` in their 1:1 chat with the bot, as the playground (local mode) sends it. */
export function activityFrom(person: LoadPerson, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/unused', // never called: messages ask for expectReplies, invokes answer inline
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: `29:${person.id}`, name: person.displayName, aadObjectId: person.id },
    recipient: { id: '28:group-conversations-bot', name: 'Group Conversations' },
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId: SEED_TENANT_ID },
    channelData: { tenant: { id: SEED_TENANT_ID } },
    ...extra
  };
}

/** A typed message; the bot's replies come back in the HTTP answer (`{activities}`). */
export function messageFrom(person: LoadPerson, text: string): Record<string, unknown> {
  return activityFrom(person, { type: 'message', text, textFormat: 'plain', deliveryMode: 'expectReplies' });
}

/** Post on the New group conversation form (Action.Execute `createConversation`): the answer is the invoke response. */
export function postFrom(
  person: LoadPerson,
  form: { draftId: string; groupId: string; topic: string; body: string }
): Record<string, unknown> {
  return activityFrom(person, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: `form-${form.draftId}`,
    value: {
      action: {
        type: 'Action.Execute',
        id: 'post',
        verb: 'createConversation',
        // Post anyway's data: the team group is hidden from Outlook (issue 17) and the load is the
        // posts, so each press has already acknowledged it (ignored for a group that is not hidden).
        data: { ...form, participants: '', otherEmails: '', hiddenAck: form.groupId }
      },
      trigger: 'manual'
    }
  });
}

/**
 * What a card is, by its heading: `confirmation`, `form`, `form-error`, `posting`, `help`,
 * `notice: <title>`, or `other`.
 */
export function cardKind(card: any): string {
  const heading = card?.body?.[0]?.text;
  if (typeof heading !== 'string') return 'other';
  if (matchesWord(heading, (group) => say('confirmation.title', { group }))) return 'confirmation';
  if (heading === say('posting.title')) return 'posting';
  if (heading === say('help.title')) return 'help';
  if (heading === say('form.title')) return actionTitles(card).includes(say('button.tryAgain')) ? 'form-error' : 'form';
  return `notice: ${heading}`;
}

/** The adaptive cards among a message's expectReplies answer. */
export function repliedCards(answer: any): any[] {
  return (answer?.activities ?? []).flatMap((a: any) =>
    (a.attachments ?? [])
      .filter((x: any) => x.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((x: any) => x.content)
  );
}

/** POST one activity to /api/messages; never throws (a transport failure is status 0). */
export async function sendActivity(
  botUrl: string,
  activity: unknown,
  timeoutMs: number
): Promise<{ status: number; body: any; ms: number; error?: string }> {
  const started = Date.now();
  try {
    const res = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(timeoutMs)
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = { unparsable: text.slice(0, 200) };
    }
    return { status: res.status, body, ms: Date.now() - started };
  } catch (err) {
    return { status: 0, body: undefined, ms: Date.now() - started, error: String(err) };
  }
}

/** Runs `work(item, index)` for every item, at most `limit` at a time; results in item order. */
export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export type GcSource = 'global.gc' | 'v8 flag' | 'none';

let gcFn: (() => void) | undefined;
let gcSource: GcSource | undefined;

/**
 * A full garbage collection, if one can be had: `global.gc` (node --expose-gc; jest does not pass
 * it on by default), else V8's `--expose-gc` flag set at run time, which gives new contexts a `gc`
 * function. Returns where it came from, or 'none' (then RSS is measured without a GC).
 */
export function collectGarbage(): GcSource {
  if (gcSource === undefined) {
    const global = (globalThis as { gc?: () => void }).gc;
    if (typeof global === 'function') {
      gcFn = global;
      gcSource = 'global.gc';
    } else {
      try {
        v8.setFlagsFromString('--expose-gc');
        const fromContext = vm.runInNewContext('gc') as unknown;
        gcFn = typeof fromContext === 'function' ? (fromContext as () => void) : undefined;
      } catch {
        gcFn = undefined;
      }
      gcSource = gcFn ? 'v8 flag' : 'none';
    }
  }
  // Twice: the first pass runs finalizers that free more on the second.
  gcFn?.();
  gcFn?.();
  return gcSource;
}

/**
 * RSS of this process in bytes, once it has settled: with a GC (see collectGarbage), collected
 * again every 100 ms until RSS moves by less than 1 MB (V8 gives pages back over several
 * collections), at most 20 times; without one, after a 200 ms pause.
 */
export async function settledRss(): Promise<{ rss: number; heapUsed: number; gc: GcSource }> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
  await pause();
  let gc = collectGarbage();
  let last = process.memoryUsage().rss;
  for (let i = 0; i < 20 && gc !== 'none'; i++) {
    await pause();
    gc = collectGarbage();
    const rss = process.memoryUsage().rss;
    const settled = Math.abs(rss - last) < 1024 * 1024;
    last = rss;
    if (settled) break;
  }
  if (gc === 'none') await pause();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed, gc };
}
