// Nothing the person typed may reach a channel or group chat (issue 11): everyone there reads
// every message the bot sends and every update of a card; only an invoke's answer card is shown
// to the one person who acted. One watch per test bot (useTestBot's post feeds it): it remembers
// what people typed into forms in shared conversations (topic, message, other email addresses),
// and fails on any activity bound for a shared conversation that contains one of those texts:
// expectReplies activities, and what the bot sends through the Bot Connector (nockConnector).
import nock from 'nock';
import { TEAMS_SERVICE_URL } from './bot-framework-auth';

type Json = Record<string, unknown>;

/** Shorter pieces ("Hi", "ok") would match ordinary words of the bot's own cards. */
const MIN_PIECE = 4;

export class SharedAudienceError extends Error {
  constructor(where: string, typed: string, at: string) {
    super(
      `Typed text reached a shared conversation: ${JSON.stringify(typed)} at ${at} of ${where}. ` +
        'A channel or group chat may only read neutral cards; the person sees their own view alone ' +
        '(the invoke answer, a user-specific refresh, or their 1:1 chat).'
    );
    this.name = 'SharedAudienceError';
  }
}

export interface AudienceWatch {
  /** What people typed in shared conversations so far (the pieces checked). */
  readonly typed: ReadonlySet<string>;
  /** useTestBot's post: learn from the activity sent, check the HTTP answer. */
  checkPosted(path: string, sent: unknown, answer: unknown): void;
  /** Checks one activity the bot sends to `conversationId` (Bot Connector send or update). */
  checkOutgoing(conversationId: string, activity: unknown, where: string): void;
  /** Throws the first leak seen on the way out (useTestBot calls it after each test). */
  assertClean(): void;
}

/** Teams' channel and group chat ids are 19:…@thread.*; a 1:1 chat's is a:… (or 8:… for some clients). */
export function isSharedConversationId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith('19:');
}

function isShared(activity: Json): boolean {
  const conversation = (activity.conversation ?? {}) as Json;
  const type = conversation.conversationType;
  return type === 'channel' || type === 'groupChat' || (type === undefined && isSharedConversationId(conversation.id));
}

/** The form data of a card action (Action.Execute invoke, or Action.Submit message value). */
function formData(activity: Json): Json | undefined {
  const value = activity.value as Json | undefined;
  if (!value || typeof value !== 'object') return undefined;
  const action = value.action as Json | undefined;
  const data = action && typeof action.data === 'object' ? action.data : (value.data ?? value);
  return data && typeof data === 'object' ? (data as Json) : undefined;
}

/** The pieces of what was typed: the topic, each line of the message, each other address. */
export function typedPieces(data: Json): string[] {
  const text = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '');
  const pieces = [
    text('topic').trim(),
    ...text('body')
      .split(/\r?\n/)
      .map((l) => l.trim()),
    ...text('otherEmails')
      .split(/[;,\s]+/)
      .map((a) => a.trim())
  ];
  return pieces.filter((p) => p.length >= MIN_PIECE);
}

function strings(node: unknown, at: string, out: Array<[string, string]>): Array<[string, string]> {
  if (typeof node === 'string') out.push([at, node]);
  else if (Array.isArray(node)) for (const [i, n] of node.entries()) strings(n, `${at}[${i}]`, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node as Json)) strings(v, `${at}.${k}`, out);
  return out;
}

function parsed(sent: unknown): Json | undefined {
  if (sent && typeof sent === 'object') return sent as Json;
  if (typeof sent !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(sent);
    return value && typeof value === 'object' ? (value as Json) : undefined;
  } catch {
    return undefined; // not JSON: the edge refuses it, nothing reaches anyone
  }
}

export function createAudienceWatch(): AudienceWatch {
  const typed = new Set<string>();
  const leaks: SharedAudienceError[] = [];
  const check = (node: unknown, where: string) => {
    for (const [at, value] of strings(node, 'activity', []))
      for (const piece of typed) if (value.includes(piece)) throw new SharedAudienceError(where, piece, at);
  };
  return {
    typed,
    checkPosted(path, sent, answer) {
      const activity = path === '/api/messages' ? parsed(sent) : undefined;
      if (!activity || !isShared(activity)) return;
      const data = formData(activity);
      if (data) for (const piece of typedPieces(data)) typed.add(piece);
      const replies = (answer as Json | undefined)?.activities;
      if (activity.deliveryMode !== 'expectReplies' || !Array.isArray(replies)) return; // an invoke's own answer
      for (const [i, reply] of replies.entries()) {
        // The invokeResponse is the answer Teams shows to the person who acted alone.
        if ((reply as Json)?.type === 'invokeResponse') continue;
        check(reply, `expectReplies activity ${i} of the answer to ${String(activity.type)}`);
      }
    },
    checkOutgoing(conversationId, activity, where) {
      if (!isSharedConversationId(conversationId)) return;
      // Kept, not only thrown: a send happens inside nock's reply, where the bot would swallow it.
      try {
        check(activity, where);
      } catch (err) {
        if (!(err instanceof SharedAudienceError)) throw err;
        leaks.push(err);
        throw err;
      }
    },
    assertClean() {
      const [first] = leaks;
      leaks.length = 0;
      if (first) throw first;
    }
  };
}

export interface ConnectorSend {
  method: 'POST' | 'PUT';
  conversationId: string;
  activityId?: string;
  /** The activity as sent (read by tests like any answer body). */
  body: Record<string, any>;
}

/**
 * The Bot Connector at TEAMS_SERVICE_URL (nock): every message the bot sends and every card it
 * updates, recorded in order and checked by `watch` for shared conversations. `times` requests at
 * most; `onSend` sees each one. The bot's own token endpoint is the caller's to nock.
 */
export function nockConnector(
  watch: AudienceWatch,
  options: { times?: number; onSend?: (send: ConnectorSend) => void } = {}
): ConnectorSend[] {
  const sent: ConnectorSend[] = [];
  const record = (method: ConnectorSend['method'], uri: string, body: unknown) => {
    const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(uri);
    const conversationId = decodeURIComponent(match?.[1] ?? '');
    const send: ConnectorSend = {
      method,
      conversationId,
      activityId: match?.[2] ? decodeURIComponent(match[2]) : undefined,
      body: (body ?? {}) as Json
    };
    sent.push(send);
    options.onSend?.(send);
    try {
      watch.checkOutgoing(conversationId, body, `the Bot Connector ${method} ${uri}`);
    } catch (err) {
      // Kept by the watch (assertClean fails the test); the send itself still succeeds, as Teams would.
      if (!(err instanceof SharedAudienceError)) throw err;
    }
  };
  const path = /\/v3\/conversations\/[^/]+\/activities(\/[^/?]+)?$/;
  const scope = nock(new URL(TEAMS_SERVICE_URL).origin);
  const times = options.times ?? 5;
  scope
    .post(path)
    .times(times)
    .reply((uri, body) => {
      record('POST', uri, body);
      return [200, { id: `sent-${sent.length}` }];
    });
  scope
    .put(path)
    .times(times)
    .reply((uri, body) => {
      record('PUT', uri, body);
      return [200, { id: 'updated' }];
    });
  return sent;
}
