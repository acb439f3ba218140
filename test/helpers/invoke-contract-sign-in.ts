// The sign-in answers of the invoke contract (invoke-contract.ts is the entry point): the
// Universal Actions loginRequest (OAuthCard) and the answers to signin/tokenExchange and
// signin/verifyState.
import { isEmpty, isHttpsUrl, isObject, nonEmpty, shown, type Rules, type Violate } from './invoke-contract-shared';

const UA_AUTH =
  'msteams-docs, Universal-actions-for-adaptive-cards/authentication-flow-in-universal-action-for-adaptive-cards.md';
const UA_SSO = 'msteams-docs, Universal-actions-for-adaptive-cards/sso-adaptive-cards-universal-action.md';
const EXCHANGE =
  'botframework-schema TokenExchangeInvokeResponse {id, connectionName, failureDetail}; botbuilder OAuthPrompt and ' +
  'teams-ai TeamsSsoPrompt answer 200 (exchanged), 412 (could not exchange) or 400 (no token in the request)';

export const SIGN_IN_RULES = {
  'login.value': `${UA_AUTH}: "Senders must include a value that adheres to the OAuthCard format"`,
  'login.text': `${UA_AUTH}: the OAuthCard's text ("Please sign-in") is what the person reads next to the button`,
  'login.connectionName':
    `${UA_AUTH}: "Senders must include a connectionName. Receivers may ignore sign in requests with an empty or ` +
    'missing connectionName" (the OAuth connection on the Azure Bot, OAUTH_CONNECTION_NAME)',
  'login.buttons': `${UA_AUTH}: "Senders must include a button that has a non-empty buttons array"`,
  'login.signin-button':
    `${UA_AUTH} and ${UA_SSO}: a button {type: 'signin', title, value: <sign-in URL>}; "Teams client triggers the ` +
    'nominal sign-in or OAuth flow when SSO fails", so the URL is always given (https: Teams opens it in a pop-up)',
  'login.ter.shape': `${UA_SSO}: tokenExchangeResource is {id, uri, providerId?}`,
  'login.ter.id': `${UA_SSO}: tokenExchangeResource.id is "<unique-identifier>"`,
  'login.ter.uri':
    `${UA_SSO}: uri is the "<application-or-resource-identifier>" Teams gets the token for: the manifest's ` +
    'webApplicationInfo resource, api://botid-{BOT_ID} (issue 10)',
  'login.ter.providerId': `${UA_SSO}: providerId is "<optional-provider-identifier>": absent, or a real one, never ""`,
  'login.ter.fresh':
    `${UA_SSO}: the id is a "<unique-identifier>" per request (teams-ai makes a new uuid each time): this bot ` +
    'already gave out this id',
  'login.no-sso-after-failed-exchange':
    `${UA_SSO}: "Receivers that experience an error while performing token exchange must respond with an error or ` +
    'a second login request that doesn\'t include SSO information" (the same SSO request again makes Teams loop)',
  'exchange.body': EXCHANGE,
  'exchange.id': `${EXCHANGE}; the id is the request's value.id, echoed`,
  'exchange.connectionName': `${EXCHANGE}; the connectionName, when given, is the request's, echoed`,
  'exchange.failureDetail': `${EXCHANGE}; failureDetail says why a failed exchange failed, and only then`,
  'verify.body':
    'msteams-docs, bots/how-to/authentication/auth-flow-bot.md and botbuilder OAuthPrompt: signin/verifyState is ' +
    'answered with a bare status (200 signed in, 404/412 not), no body'
} satisfies Rules;

/** The value of a 401 application/vnd.microsoft.activity.loginRequest (an OAuthCard). */
export function checkLoginRequest(
  v: Violate,
  value: unknown,
  request: Record<string, unknown>,
  expect: { botId?: string; seenExchangeIds?: Set<string> }
): void {
  if (!isObject(value)) v('login.value', 'body.value', `must be an OAuthCard object, got ${shown(value)}`);
  if (!nonEmpty(value.text)) v('login.text', 'body.value.text', `must be a non-empty string, got ${shown(value.text)}`);
  if (!nonEmpty(value.connectionName))
    v(
      'login.connectionName',
      'body.value.connectionName',
      `must be a non-empty string, got ${shown(value.connectionName)}`
    );
  const buttons = value.buttons;
  if (!Array.isArray(buttons) || buttons.length === 0)
    v('login.buttons', 'body.value.buttons', `must be a non-empty array, got ${shown(buttons)}`);
  const signIn = (buttons as unknown[]).find((b) => isObject(b) && b.type === 'signin');
  if (!isObject(signIn) || !nonEmpty(signIn.title) || !isHttpsUrl(signIn.value))
    v(
      'login.signin-button',
      'body.value.buttons',
      `must hold a {type: 'signin', title, value: <https URL>} button, got ${shown(buttons)}`
    );

  if (!('tokenExchangeResource' in value)) return;
  const resource = value.tokenExchangeResource;
  if (ssoTokenOf(request))
    v(
      'login.no-sso-after-failed-exchange',
      'body.value.tokenExchangeResource',
      'must be absent: the request carried value.authentication.token (Teams already sent SSO and the bot could ' +
        'not exchange it), so answer 412 preconditionFailed or a loginRequest without SSO information'
    );
  if (!isObject(resource))
    v('login.ter.shape', 'body.value.tokenExchangeResource', `must be an object, got ${shown(resource)}`);
  const { id, uri } = resource as Record<string, unknown>;
  if (!nonEmpty(id))
    v('login.ter.id', 'body.value.tokenExchangeResource.id', `must be a non-empty string, got ${shown(id)}`);
  const wanted = expect.botId === undefined ? undefined : `api://botid-${expect.botId}`;
  if (wanted === undefined ? !nonEmpty(uri) : uri !== wanted)
    v(
      'login.ter.uri',
      'body.value.tokenExchangeResource.uri',
      `must be ${wanted ?? 'a non-empty string'}, got ${shown(uri)}`
    );
  if ('providerId' in (resource as object) && !nonEmpty((resource as Record<string, unknown>).providerId))
    v(
      'login.ter.providerId',
      'body.value.tokenExchangeResource.providerId',
      `must be absent or a non-empty string, got ${shown((resource as Record<string, unknown>).providerId)}`
    );
  if (expect.seenExchangeIds?.has(id as string))
    v('login.ter.fresh', 'body.value.tokenExchangeResource.id', `is ${shown(id)}, given out in an earlier answer`);
  expect.seenExchangeIds?.add(id as string);
}

function ssoTokenOf(request: Record<string, unknown>): boolean {
  const value = request.value;
  return isObject(value) && isObject(value.authentication) && nonEmpty(value.authentication.token);
}

/** signin/tokenExchange: 200 exchanged; 412 could not exchange; 400 (with failureDetail) no token sent. */
export function checkTokenExchange(v: Violate, status: number, body: unknown, request: Record<string, unknown>): void {
  if (status === 200 && body === undefined) return; // Teams reads the status; the body is informative
  if (!isObject(body)) v('exchange.body', 'body', `must be {id, connectionName?, failureDetail?}, got ${shown(body)}`);
  const asked = isObject(request.value) ? request.value : {};
  if ((status !== 400 || 'id' in body) && nonEmpty(asked.id) && body.id !== asked.id)
    v('exchange.id', 'body.id', `must be ${shown(asked.id)} (the request's value.id), got ${shown(body.id)}`);
  if (
    body.connectionName !== undefined &&
    nonEmpty(asked.connectionName) &&
    body.connectionName !== asked.connectionName
  )
    v(
      'exchange.connectionName',
      'body.connectionName',
      `must be ${shown(asked.connectionName)} (the request's), got ${shown(body.connectionName)}`
    );
  const detail = body.failureDetail;
  if (status === 200 && detail !== undefined && detail !== null && detail !== '')
    v('exchange.failureDetail', 'body.failureDetail', `must be empty on a 200 (exchanged), got ${shown(detail)}`);
  if (status !== 200 && !nonEmpty(detail))
    v('exchange.failureDetail', 'body.failureDetail', `must say why (a ${status}), got ${shown(detail)}`);
}

/** signin/verifyState: a bare status. */
export function checkVerifyState(v: Violate, status: number, body: unknown): void {
  if (!isEmpty(body)) v('verify.body', 'body', `must be empty on a ${status}, got ${shown(body)}`);
}
