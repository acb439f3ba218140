// The invoke contract (test/helpers/invoke-contract.ts) runs on every invoke answer of the
// integration suites: each rule must pass Microsoft's documented examples and fail the answer it
// is there to catch. The last test checks that every rule (but the message extension's, in
// invoke-contract-message-extension.test.ts, and the search's, in invoke-contract-search.test.ts)
// has a failing example here.
import { randomUUID } from 'node:crypto';
import { checkInvokeAnswer, createInvokeContract, INVOKE_RULES, type InvokeRule } from '../../helpers/invoke-contract';
import { BOT_ID, CLIENT_ID } from '../../helpers/entra';
import { fixture, type Activity } from '../../helpers/fixtures';
import {
  action,
  brokenRule,
  card,
  CARD_TYPE,
  type Case,
  fetchTask,
  ok,
  oneBot,
  refusal,
  ua
} from './invoke-contract-examples';

const LOGIN = 'application/vnd.microsoft.activity.loginRequest';
const SIGN_IN_URL = 'https://gcbot.example.test/auth-start';
const afterFailedSso = action({ authentication: { id: 'x', connectionName: 'graph', token: 'teams-sso-token' } });
const exchange = fixture('invoke-token-exchange', (a) => Object.assign(a.value, { id: 'exchange-1', token: 't' }));
const verifyState = { ...fixture('invoke-token-exchange'), name: 'signin/verifyState', value: { state: '123456' } };
const named = (name: string): Activity => ({ ...fixture('invoke-create-conversation'), name });

const signInButton = { type: 'signin', title: 'Sign in', text: 'Sign in', value: SIGN_IN_URL };
/** The SSO loginRequest of sso-adaptive-cards-universal-action.md, with a fresh id each time. */
const login = (patch: Record<string, unknown> = {}, resource: Record<string, unknown> = {}) =>
  ua(401, LOGIN, {
    text: 'Please sign-in',
    connectionName: 'graph-connection',
    tokenExchangeResource: { id: randomUUID(), uri: `api://botid-${BOT_ID}`, ...resource },
    buttons: [signInButton],
    ...patch
  });
/** The nominal loginRequest of authentication-flow-in-universal-action-for-adaptive-cards.md: no SSO. */
const nominalLogin = () => ua(401, LOGIN, { text: 'Please sign-in', connectionName: 'graph', buttons: [signInButton] });

const anyInvoke: Case[] = [
  oneBot('an HTTP 500', action(), { status: 500, body: { error: 'internal', message: 'x' } }, 'status.no-5xx'),
  oneBot('an HTTP 502 to a sign-in invoke', exchange, { status: 502, body: undefined }, 'status.no-5xx'),
  oneBot('an HTTP 204', fetchTask, { status: 204, body: undefined }, 'status.handled-200'),
  oneBot('a 401 refusal at the edge (Bot Framework token)', action(), refusal(401), null),
  oneBot('a 403 refusal at the edge (channel, tenant)', fetchTask, refusal(403), null),
  oneBot('a 415 at the edge', action(), refusal(415), null),
  oneBot('a 413 at the edge', action(), refusal(413), null),
  oneBot('an HTTP 412 to an Action.Execute (412 belongs in body.statusCode)', action(), refusal(412), 'edge.status'),
  oneBot('a 409', action(), refusal(409), 'edge.status'),
  oneBot('a refusal without {error, message}', action(), { status: 400, body: { error: 'bad' } }, 'edge.body'),
  oneBot('a refusal with a text body', fetchTask, { status: 403, body: { unparsable: 'no' } }, 'edge.body'),
  oneBot('an unknown invoke refused', named('composeExtension/queryLink'), refusal(400), null),
  oneBot('an unknown invoke answered 200', named('composeExtension/queryLink'), ok({}), 'invoke.unknown-name'),
  oneBot('a nameless invoke answered 200', named(''), ok(undefined), 'invoke.unknown-name'),
  oneBot('"toString" is not a handled invoke', named('toString'), ok({}), 'invoke.unknown-name'),
  oneBot(
    'expectReplies: the buffered invoke answer is checked',
    { ...action(), deliveryMode: 'expectReplies' },
    ok({ activities: [{ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200 } } }] }),
    'ua.combination'
  ),
  oneBot(
    'expectReplies: a body without activities',
    { ...action(), deliveryMode: 'expectReplies' },
    ok({}),
    'expectReplies.body'
  )
];

const universalActions: Case[] = [
  oneBot('a card (200 card.adaptive)', action(), ua(200, CARD_TYPE, card), null),
  oneBot(
    'a message (200 activity.message)',
    action(),
    ua(200, 'application/vnd.microsoft.activity.message', 'Done'),
    null
  ),
  oneBot(
    'an error (400)',
    action(),
    ua(400, 'application/vnd.microsoft.error', { code: 'bad', message: 'Bad.' }),
    null
  ),
  oneBot(
    'an error (500)',
    action(),
    ua(500, 'application/vnd.microsoft.error', { code: 'x', message: 'Failed.' }),
    null
  ),
  oneBot(
    '412 preconditionFailed',
    afterFailedSso,
    ua(412, 'application/vnd.microsoft.error.preconditionFailed', {
      code: '412',
      message: 'authentication token expired'
    }),
    null
  ),
  oneBot(
    '401 invalidAuthCode without a value',
    action(),
    ua(401, 'application/vnd.microsoft.error.invalidAuthCode'),
    null
  ),
  oneBot('no body', action(), ok(undefined), 'ua.body'),
  oneBot('statusCode as a string', action(), ua('200', CARD_TYPE, card), 'ua.statusCode'),
  oneBot('statusCode 700', action(), ua(700, CARD_TYPE, card), 'ua.statusCode'),
  oneBot(
    'the doc table\'s "adaptive.card" type',
    action(),
    ua(200, 'application/vnd.microsoft.adaptive.card', card),
    'ua.combination'
  ),
  oneBot(
    '412 with the plain error type',
    action(),
    ua(412, 'application/vnd.microsoft.error', { code: '412', message: 'x' }),
    'ua.combination'
  ),
  oneBot('a loginRequest with statusCode 200', action(), ua(200, LOGIN, {}), 'ua.combination'),
  oneBot('a card value that is no Adaptive Card', action(), ua(200, CARD_TYPE, { body: [] }), 'ua.card'),
  oneBot('an empty message', action(), ua(200, 'application/vnd.microsoft.activity.message', ''), 'ua.message'),
  oneBot('an error without message', action(), ua(400, 'application/vnd.microsoft.error', { code: 'x' }), 'ua.error'),
  oneBot(
    '412 without an error object',
    afterFailedSso,
    ua(412, 'application/vnd.microsoft.error.preconditionFailed', {}),
    'ua.preconditionFailed'
  ),
  oneBot(
    'invalidAuthCode with a broken error',
    action(),
    ua(401, 'application/vnd.microsoft.error.invalidAuthCode', { code: '' }),
    'ua.invalidAuthCode'
  )
];

const loginRequests: Case[] = [
  oneBot('the documented SSO loginRequest', action(), login(), null),
  oneBot('the documented nominal loginRequest', action(), nominalLogin(), null),
  oneBot('a named providerId', action(), login({}, { providerId: 'AzureAD' }), null),
  oneBot('a value that is no OAuthCard', action(), ua(401, LOGIN, 'sign in'), 'login.value'),
  oneBot('no text', action(), login({ text: '' }), 'login.text'),
  oneBot('an empty connectionName', action(), login({ connectionName: '' }), 'login.connectionName'),
  oneBot('no connectionName', action(), login({ connectionName: undefined }), 'login.connectionName'),
  oneBot('no buttons', action(), login({ buttons: [] }), 'login.buttons'),
  oneBot(
    'only an openUrl button',
    action(),
    login({ buttons: [{ ...signInButton, type: 'openUrl' }] }),
    'login.signin-button'
  ),
  oneBot(
    'a signin button to http:',
    action(),
    login({ buttons: [{ ...signInButton, value: 'http://x.test/a' }] }),
    'login.signin-button'
  ),
  oneBot(
    'a signin button without a title',
    action(),
    login({ buttons: [{ ...signInButton, title: '' }] }),
    'login.signin-button'
  ),
  oneBot('tokenExchangeResource as a string', action(), login({ tokenExchangeResource: 'sso' }), 'login.ter.shape'),
  oneBot('an empty tokenExchangeResource.id', action(), login({}, { id: '' }), 'login.ter.id'),
  oneBot(
    'uri = the client id, not api://botid-{BOT_ID}',
    action(),
    login({}, { uri: `api://${CLIENT_ID}` }),
    'login.ter.uri'
  ),
  oneBot('an empty providerId', action(), login({}, { providerId: '' }), 'login.ter.providerId'),
  [
    'the same tokenExchangeResource.id twice from one bot',
    action(),
    [login({}, { id: 'app-client-id' }), login({}, { id: 'app-client-id' })],
    'login.ter.fresh'
  ],
  ['a fresh id each time', action(), [login(), login(), login()], null],
  oneBot('SSO again right after a failed exchange', afterFailedSso, login(), 'login.no-sso-after-failed-exchange'),
  oneBot('a second loginRequest without SSO after a failed exchange', afterFailedSso, nominalLogin(), null),
  oneBot('SSO when the request had an empty token', action({ authentication: { token: '' } }), login(), null)
];

const signIn: Case[] = [
  oneBot("tokenExchange: 200, teams-ai's answer", exchange, ok({ id: 'exchange-1', failureDetail: '' }), null),
  oneBot("tokenExchange: 200, botbuilder's answer", exchange, ok({ id: 'exchange-1', connectionName: '' }), null),
  oneBot(
    'tokenExchange: 412 with the reason',
    exchange,
    { status: 412, body: { id: 'exchange-1', failureDetail: 'consent' } },
    null
  ),
  oneBot(
    'tokenExchange: 400, no token in the request',
    exchange,
    { status: 400, body: { failureDetail: 'no token' } },
    null
  ),
  oneBot('tokenExchange: 400 at the edge', exchange, refusal(400), null),
  oneBot('tokenExchange: 200 with a text body', exchange, ok('exchanged'), 'exchange.body'),
  oneBot('tokenExchange: 200 for another id', exchange, ok({ id: 'exchange-2' }), 'exchange.id'),
  oneBot('tokenExchange: 412 without the id', exchange, { status: 412, body: { failureDetail: 'x' } }, 'exchange.id'),
  oneBot(
    'tokenExchange: another connection',
    { ...exchange, value: { ...exchange.value, connectionName: 'graph' } },
    ok({ id: 'exchange-1', connectionName: 'other' }),
    'exchange.connectionName'
  ),
  oneBot(
    'tokenExchange: 200 with a failure',
    exchange,
    ok({ id: 'exchange-1', failureDetail: 'could not' }),
    'exchange.failureDetail'
  ),
  oneBot(
    'tokenExchange: 412 without a reason',
    exchange,
    { status: 412, body: { id: 'exchange-1' } },
    'exchange.failureDetail'
  ),
  oneBot('tokenExchange: 404', exchange, refusal(404), 'edge.status'),
  oneBot('verifyState: 200', verifyState, ok(undefined), null),
  oneBot('verifyState: 404 (no such code)', verifyState, { status: 404, body: undefined }, null),
  oneBot('verifyState: 200 with a card', verifyState, ua(200, CARD_TYPE, card), 'verify.body')
];

const all = { anyInvoke, universalActions, loginRequests, signIn };

describe.each(Object.entries(all))('the invoke contract: %s', (_group, cases) => {
  it.each(cases)('%s', (_what, request, answers, rule) => {
    expect(brokenRule(request, answers)).toBe(rule);
  });
});

describe('the invoke contract, across answers and bots', () => {
  it('remembers tokenExchangeResource ids per bot: another bot may use the same id', () => {
    const one = createInvokeContract({ botId: BOT_ID });
    const other = createInvokeContract({ botId: BOT_ID });
    one.check(action(), login({}, { id: 'same' }));
    expect(() => other.check(action(), login({}, { id: 'same' }))).not.toThrow();
    expect(() => one.check(action(), login({}, { id: 'same' }))).toThrow(/"login\.ter\.fresh"/);
  });

  it('without a bot id (local mode) the uri only has to be given', () => {
    expect(brokenRule(action(), [login({}, { uri: 'api://anything' })], {})).toBeNull();
    expect(brokenRule(action(), [login({}, { uri: '' })], {})).toBe('login.ter.uri');
  });

  it('says which rule, which field, which invoke and which document', () => {
    let message = '';
    try {
      checkInvokeAnswer(action(), login({ connectionName: '' }), { botId: BOT_ID });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('"login.connectionName" broken by the answer to adaptiveCard/action');
    expect(message).toContain('body.value.connectionName must be a non-empty string, got ""');
    expect(message).toContain('authentication-flow-in-universal-action-for-adaptive-cards.md');
  });

  it('checkPosted checks invokes to /api/messages, sent as objects, JSON text or bytes, and nothing else', () => {
    const contract = createInvokeContract({ botId: BOT_ID });
    const bad = ok({});
    expect(() => contract.checkPosted('/api/messages', JSON.stringify(fetchTask), bad)).toThrow(/"me\.body"/);
    expect(() => contract.checkPosted('/api/messages', Buffer.from(JSON.stringify(fetchTask)), bad)).toThrow(
      /"me\.body"/
    );
    expect(() => contract.checkPosted('/api/messages', fetchTask, bad)).toThrow(/"me\.body"/);
    expect(() =>
      contract.checkPosted('/api/messages', fixture('message-new'), { status: 500, body: {} })
    ).not.toThrow();
    expect(() => contract.checkPosted('/api/messages', '{"type": "invoke", ', bad)).not.toThrow();
    expect(() => contract.checkPosted('/auth-end', fetchTask, bad)).not.toThrow();
  });

  it('problemOf gives the broken rule as a problem instead of throwing', () => {
    const contract = createInvokeContract({ botId: BOT_ID });
    expect(contract.problemOf('/api/messages', fetchTask, ok({}))).toMatch(/^Invoke contract "me\.body" broken/);
    expect(contract.problemOf('/api/messages', fetchTask, refusal(401))).toBeUndefined();
  });

  it("every rule but the message extension's and the searches' has a failing example above", () => {
    const failing = new Set(Object.values(all).flatMap((cases) => cases.map((c) => c[3])));
    const rules = Object.keys(INVOKE_RULES).filter(
      (rule) => !['me.', 'search.', 'query.'].some((p) => rule.startsWith(p))
    );
    expect(rules.filter((rule) => !failing.has(rule as InvokeRule))).toEqual([]);
  });
});
