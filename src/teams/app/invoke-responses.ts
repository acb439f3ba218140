// Invoke responses for `adaptiveCard/action` (Universal Actions). Teams reads the outcome from
// the body's statusCode/type; the HTTP status stays 200 as the Teams docs require.
import type { InvokeResponse } from 'botbuilder';
import type { AdaptiveCard } from '../../cards';
import { say } from '../../core/words';

export function cardResponse(card: AdaptiveCard): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

export function errorResponse(statusCode: 400 | 500, code: string, message: string): InvokeResponse {
  return { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } } };
}

export interface LoginRequestOptions {
  /** Entra app (client) id and its Application ID URI, as in the manifest's webApplicationInfo. */
  clientId: string;
  resourceUri: string;
  signInUrl: string;
  text: string;
}

/**
 * Asks Teams for the person's SSO token: Teams fetches a token for `resourceUri` and resends the
 * same action with `value.authentication.token`; a client that cannot do SSO shows the sign-in
 * button instead (which opens auth-start), so the URL is always given.
 */
export function loginRequestResponse(o: LoginRequestOptions): InvokeResponse {
  return {
    status: 200,
    body: {
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: {
        text: o.text,
        connectionName: '',
        tokenExchangeResource: { id: o.clientId, uri: o.resourceUri, providerId: '' },
        buttons: [{ type: 'signin', title: say('button.signIn'), value: o.signInUrl }]
      }
    }
  };
}
