// Every invoke answer the bot gives, checked against the shape Microsoft documents for it, so a
// test that passes locally cannot hide an answer a real Teams client would ignore, loop on or
// refuse (PLATFORM-FACTS "Contracts the local world does not enforce"). useTestBot's post() runs
// it on each invoke it sends; the reliability senders call it too. A broken rule throws an
// InvokeContractError naming the rule, the field and the document the rule comes from.
//
// What is allowed (the decisions this helper makes where the documents leave room):
// - HTTP 200 for every invoke the bot handles; Universal Actions carry their outcome in
//   body.statusCode. Never a 5xx, never another 2xx or a 3xx.
// - A refusal before any handler runs (bad request, Bot Framework authentication, channel or
//   tenant): HTTP 400, 401, 403, 413 or 415 with the edge's JSON `{error, message}`. Other 4xx
//   only where a document gives them to that invoke (412 and 400 for signin/tokenExchange, 404
//   and 412 for signin/verifyState).
// - An invoke this bot does not handle (unknown or missing name, composeExtension/queryLink, …):
//   a refusal as above, never a 200.
// - deliveryMode expectReplies (never sent by Teams for an invoke): the invokeResponse activity
//   botbuilder buffers among the replies is checked like a direct answer.
import {
  MESSAGE_EXTENSION_RULES,
  SEARCH_COMMAND_RULES,
  checkDialogAnswer,
  checkQueryAnswer
} from './invoke-contract-message-extension';
import { SIGN_IN_RULES, checkLoginRequest, checkTokenExchange, checkVerifyState } from './invoke-contract-sign-in';
import { SEARCH_RULES, checkSearchAnswer } from './invoke-contract-search';
import { isEmpty, isObject, nonEmpty, shown, type Rules, type Violate } from './invoke-contract-shared';

const UA_MODEL = 'Adaptive Cards docs, authoring-cards/universal-action-model.md, "Response format"';
const UA_SSO = 'msteams-docs, Universal-actions-for-adaptive-cards/sso-adaptive-cards-universal-action.md';

export const INVOKE_RULES = {
  'status.no-5xx': 'Teams shows "Unable to reach app" and drops the answer; a failure is an answer, not a crash',
  'status.handled-200': `${UA_MODEL}: "the HTTP response's status code returned by the Bot must be equal to 200"`,
  'edge.status': "this bot's HTTP edge (src/server.ts): refusals are 400, 401, 403, 413 or 415",
  'edge.body': "this bot's HTTP edge (src/server.ts): every refusal is JSON {error, message}",
  'invoke.unknown-name':
    'botbuilder answers 501 to an invoke no handler took (CloudAdapterBase.processTurnResults), which the edge ' +
    'turns into 400 unsupported_invoke: a made-up 200 would tell Teams it was handled',
  'expectReplies.body': 'botbuilder CloudAdapterBase.processTurnResults: expectReplies answers {activities: […]}',
  'ua.body': `${UA_MODEL}: the body is {statusCode, type, value}`,
  'ua.statusCode': `${UA_MODEL}: "statusCode is a number ranging from 200-599"`,
  'ua.combination':
    `${UA_MODEL}, "Supported status codes" (200 card.adaptive | activity.message, 400/500 error, ` +
    `401 activity.loginRequest | error.invalidAuthCode, 412 error.preconditionFailed)`,
  'ua.card': `${UA_MODEL}: 200 application/vnd.microsoft.card.adaptive carries an Adaptive Card`,
  'ua.message': `${UA_MODEL}: 200 application/vnd.microsoft.activity.message carries a string`,
  'ua.error': `${UA_MODEL}: 400/500 application/vnd.microsoft.error carries an error object {code, message}`,
  'ua.invalidAuthCode':
    'msteams-docs, authentication-flow-in-universal-action-for-adaptive-cards.md: 401 ' +
    'application/vnd.microsoft.error.invalidAuthCode (no value, or an error object)',
  'ua.preconditionFailed':
    `${UA_SSO}: "the error must be {statusCode: 412, type: application/vnd.microsoft.error.preconditionFailed, ` +
    'value: {code, message}}"',
  ...SIGN_IN_RULES,
  ...MESSAGE_EXTENSION_RULES,
  ...SEARCH_COMMAND_RULES,
  ...SEARCH_RULES
} satisfies Rules;

export type InvokeRule = keyof typeof INVOKE_RULES;

export class InvokeContractError extends Error {
  constructor(
    readonly rule: InvokeRule,
    readonly field: string,
    readonly problem: string,
    readonly invoke: string
  ) {
    super(`Invoke contract "${rule}" broken by the answer to ${invoke}: ${field} ${problem}. (${INVOKE_RULES[rule]})`);
    this.name = 'InvokeContractError';
  }
}

export interface InvokeExpectations {
  /** BOT_ID: tokenExchangeResource.uri must be api://botid-{botId}. Unset (local mode): only non-empty. */
  botId?: string;
  /** The tokenExchangeResource ids this bot gave out before; each new one must be fresh (it is added). */
  seenExchangeIds?: Set<string>;
}

export interface InvokeAnswer {
  status: number;
  body: unknown;
}

/** Edge refusals: before any handler ran (src/server.ts, tenant-guard.ts, the channel checks). */
const EDGE_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 413, 415]);

type Activity = Record<string, unknown>;
type Handler = {
  /** The HTTP 200 answer. */
  ok(v: Violate, body: unknown, request: Activity, expect: InvokeExpectations): void;
  /** Another status this invoke documents; false: not one, check it as an edge refusal. */
  other?(v: Violate, status: number, body: unknown, request: Activity): boolean;
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  'adaptiveCard/action': { ok: checkUniversalAction },
  'composeExtension/fetchTask': { ok: (v, body) => checkDialogAnswer(v, body, 'fetchTask') },
  'composeExtension/submitAction': { ok: (v, body) => checkDialogAnswer(v, body, 'submitAction') },
  'application/search': { ok: (v, body) => checkSearchAnswer(v, body) },
  'composeExtension/query': { ok: (v, body) => checkQueryAnswer(v, body, 'query') },
  'composeExtension/selectItem': { ok: (v, body) => checkQueryAnswer(v, body, 'selectItem') },
  'signin/tokenExchange': {
    ok: (v, body, request) => checkTokenExchange(v, 200, body, request),
    other: (v, status, body, request) => {
      const documented = status === 412 || (status === 400 && isObject(body) && 'failureDetail' in body);
      if (documented) checkTokenExchange(v, status, body, request);
      return documented;
    }
  },
  'signin/verifyState': {
    ok: (v, body) => checkVerifyState(v, 200, body),
    other: (v, status, body) => {
      const documented = status === 404 || status === 412;
      if (documented) checkVerifyState(v, status, body);
      return documented;
    }
  }
};

/** Throws an InvokeContractError unless `response` is a documented answer to the invoke `request`. */
export function checkInvokeAnswer(request: unknown, response: InvokeAnswer, expect: InvokeExpectations = {}): void {
  const activity: Activity = isObject(request) ? request : {};
  const name = typeof activity.name === 'string' && activity.name ? activity.name : 'an invoke without a name';
  const violate: Violate = (rule, field, problem) => {
    throw new InvokeContractError(rule as InvokeRule, field, problem, name);
  };
  const { status, body } = response;
  if (status >= 500) violate('status.no-5xx', 'the HTTP status', `is ${status}`);
  if (activity.deliveryMode === 'expectReplies' && status === 200) {
    const activities = isObject(body) ? body.activities : undefined;
    if (!Array.isArray(activities)) violate('expectReplies.body', 'body.activities', 'must be an array');
    for (const reply of activities) {
      if (!isObject(reply) || reply.type !== 'invokeResponse') continue;
      const answer = isObject(reply.value) ? reply.value : {};
      const direct = { ...activity, deliveryMode: undefined };
      checkInvokeAnswer(direct, { status: Number(answer.status ?? 200), body: answer.body }, expect);
    }
    return;
  }
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (status === 200) {
    if (!handler) violate('invoke.unknown-name', 'the HTTP status', 'is 200 for an invoke this bot does not handle');
    handler?.ok(violate, body, activity, expect);
    return;
  }
  if (handler?.other?.(violate, status, body, activity)) return;
  if (status < 400) violate('status.handled-200', 'the HTTP status', `is ${status}, not 200 (nor a 4xx refusal)`);
  if (!EDGE_STATUSES.has(status)) violate('edge.status', 'the HTTP status', `is ${status}`);
  if (!isObject(body) || !nonEmpty(body.error) || !nonEmpty(body.message))
    violate('edge.body', 'body', `must be {error, message} with non-empty strings, got ${shown(body)}`);
}

/** `adaptiveCard/action` (Action.Execute): HTTP 200, the outcome in {statusCode, type, value}. */
function checkUniversalAction(v: Violate, body: unknown, request: Activity, expect: InvokeExpectations): void {
  if (!isObject(body)) v('ua.body', 'body', `must be {statusCode, type, value}, got ${shown(body)}`);
  const { statusCode, type, value } = body;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 200 || statusCode > 599)
    v('ua.statusCode', 'body.statusCode', `must be an integer from 200 to 599, got ${shown(statusCode)}`);
  switch (`${statusCode} ${String(type)}`) {
    case '200 application/vnd.microsoft.card.adaptive':
      if (!isObject(value) || value.type !== 'AdaptiveCard')
        v('ua.card', 'body.value', `must be an Adaptive Card ({type: 'AdaptiveCard', …}), got ${shown(value)}`);
      return;
    case '200 application/vnd.microsoft.activity.message':
      if (!nonEmpty(value)) v('ua.message', 'body.value', `must be a non-empty string, got ${shown(value)}`);
      return;
    case '400 application/vnd.microsoft.error':
    case '500 application/vnd.microsoft.error':
      errorObject(v, 'ua.error', value);
      return;
    case '401 application/vnd.microsoft.activity.loginRequest':
      checkLoginRequest(v, value, request, expect);
      return;
    case '401 application/vnd.microsoft.error.invalidAuthCode':
      if (!isEmpty(value)) errorObject(v, 'ua.invalidAuthCode', value);
      return;
    case '412 application/vnd.microsoft.error.preconditionFailed':
      errorObject(v, 'ua.preconditionFailed', value);
      return;
    default:
      v(
        'ua.combination',
        'body.statusCode and body.type',
        `${statusCode} with ${shown(type)} is not a documented pair`
      );
  }
}

function errorObject(v: Violate, rule: InvokeRule, value: unknown): void {
  if (!isObject(value) || !nonEmpty(value.code) || !nonEmpty(value.message))
    v(rule, 'body.value', `must be {code, message} with non-empty strings, got ${shown(value)}`);
}

/** One bot's checker: remembers the tokenExchangeResource ids it saw (useTestBot makes one per bot). */
export interface InvokeContract {
  check(request: unknown, response: InvokeAnswer): void;
  /** For a raw POST: checks the answer when `sent` (an object, JSON text or bytes) is an invoke to /api/messages. */
  checkPosted(path: string, sent: unknown, response: InvokeAnswer): void;
  /** checkPosted for senders that collect problems instead of throwing: the broken rule's message, or undefined. */
  problemOf(path: string, sent: unknown, response: InvokeAnswer): string | undefined;
}

export function createInvokeContract(expect: { botId?: string }): InvokeContract {
  const seenExchangeIds = new Set<string>();
  const check = (request: unknown, response: InvokeAnswer) =>
    checkInvokeAnswer(request, response, { botId: expect.botId, seenExchangeIds });
  const checkPosted = (path: string, sent: unknown, response: InvokeAnswer) => {
    if (path !== '/api/messages') return;
    const request = parsedActivity(sent);
    if (request?.type === 'invoke') check(request, response);
  };
  return {
    check,
    checkPosted,
    problemOf(path, sent, response) {
      try {
        checkPosted(path, sent, response);
        return undefined;
      } catch (err) {
        if (err instanceof InvokeContractError) return err.message;
        throw err;
      }
    }
  };
}

function parsedActivity(sent: unknown): Activity | undefined {
  if (isObject(sent)) return sent;
  const text = typeof sent === 'string' ? sent : sent instanceof Uint8Array ? Buffer.from(sent).toString('utf8') : '';
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined; // not JSON: the edge refuses it before any invoke handling, nothing to check
  }
}
