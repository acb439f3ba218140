// Invoke responses for `adaptiveCard/action` (Universal Actions). Teams reads the outcome from
// the body's statusCode/type; the HTTP status stays 200 as the Teams docs require.
import type { InvokeResponse } from 'botbuilder';
import type { AdaptiveCard } from '../../cards';
import { say } from '../../core/words';

export function cardResponse(card: AdaptiveCard): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

/**
 * `application/search` (an Input.ChoiceSet's Data.Query typeahead): the matches, in the Universal
 * Actions body shape (msteams-docs task-modules-and-cards/cards/dynamic-search.md; botframework-schema
 * SearchInvokeResponse extends AdaptiveCardInvokeResponse).
 */
export function searchResponse(results: { title: string; value: string }[]): InvokeResponse {
  return {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.search.searchResponse', value: { results } }
  };
}

export function errorResponse(statusCode: 400 | 500, code: string, message: string): InvokeResponse {
  return { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } } };
}

export interface LoginRequestOptions {
  /** The OAuth connection on the Azure Bot resource: Teams ignores a request whose name is empty. */
  connectionName: string;
  /**
   * Present: Teams fetches the person's SSO token for `uri` (api://botid-{BOT_ID}) and resends the
   * action with it in `value.authentication`; `id` is fresh for each request. Absent: only the
   * sign-in button (the answer after a failed exchange, which must not ask for SSO again).
   */
  tokenExchangeResource?: { id: string; uri: string };
  signInUrl: string;
  text: string;
}

/**
 * Asks Teams to sign the person in for this action: silently with SSO when `tokenExchangeResource`
 * is given, else (or on a client that cannot do SSO) with the sign-in button, which opens
 * auth-start; so the URL is always given. No `providerId`: it is optional, and an empty one is not
 * a provider.
 */
export function loginRequestResponse(o: LoginRequestOptions): InvokeResponse {
  return {
    status: 200,
    body: {
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: {
        text: o.text,
        connectionName: o.connectionName,
        ...(o.tokenExchangeResource ? { tokenExchangeResource: { ...o.tokenExchangeResource } } : {}),
        buttons: [{ type: 'signin', title: say('button.signIn'), value: o.signInUrl }]
      }
    }
  };
}
