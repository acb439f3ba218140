// invokeAnswer's card sign-in requests (Universal Actions): the documented loginRequest shape,
// a fresh tokenExchangeResource id from the injected generator, and no SSO request again after
// the action's own SSO token failed.
import { buildNoticeCard } from '../../../src/cards';
import { loadConfig } from '../../../src/config';
import { notice, say } from '../../../src/core/words';
import { invokeAnswer } from '../../../src/teams/app/answers';
import type { BotDeps } from '../../../src/teams/app/bot-deps';
import type { Outcome } from '../../../src/teams/app/outcome';
import type { UserRef } from '../../../src/auth/token-provider';
import { ALICE, BOT_ID, OAUTH_CONNECTION_NAME, TENANT_ID, teamsEnv } from '../../helpers/entra';

const SIGN_IN = 'https://gcbot.example.test/auth-start';
const CARD = buildNoticeCard(notice('error.sign_in_required'));
const PERSON: UserRef = { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID };
const link = (p: UserRef, consent = false) => `${SIGN_IN}?for=${p.aadObjectId}${consent ? '&consent=1' : ''}`;

/** invokeAnswer reads only the config, the sign-in settings and the id generator. */
function teamsDeps(ids: string[]): BotDeps {
  return {
    config: loadConfig(teamsEnv()),
    sso: { msalConfig: { auth: { clientId: 'x' } }, signInUrl: SIGN_IN },
    // The person-bound link (sign-in-flow.ts): here a readable stand-in naming whom it is for.
    signIn: { linkFor: (p: UserRef, o: { consent?: boolean }) => link(p, o.consent) },
    newExchangeId: () => ids.shift() ?? 'ran-out'
  } as unknown as BotDeps;
}

const signIn = (consent: boolean, afterFailedExchange: boolean): Outcome => ({
  kind: 'sign-in',
  consent,
  afterFailedExchange,
  card: CARD
});

describe('invokeAnswer: sign-in', () => {
  it('asks for SSO with the connection name, a fresh exchange id per request, the bot uri, no providerId', () => {
    const deps = teamsDeps(['exchange-1', 'exchange-2']);
    const first = invokeAnswer(deps, signIn(false, false), PERSON);
    expect(first).toStrictEqual({
      status: 200,
      body: {
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: {
          text: say('signIn.prompt'),
          connectionName: OAUTH_CONNECTION_NAME,
          tokenExchangeResource: { id: 'exchange-1', uri: `api://botid-${BOT_ID}` },
          buttons: [{ type: 'signin', title: say('button.signIn'), value: link(PERSON) }]
        }
      }
    });
    const second = invokeAnswer(deps, signIn(true, false), PERSON).body as { value: Record<string, any> };
    expect(second.value.tokenExchangeResource.id).toBe('exchange-2');
    expect(second.value.buttons[0].value).toBe(link(PERSON, true));
  });

  it.each([
    [true, 'signIn.consentPrompt', link(PERSON, true)],
    [false, 'signIn.prompt', link(PERSON)]
  ] as const)(
    'after a failed exchange (consent %s): a second loginRequest without SSO information',
    (consent, text, url) => {
      const ids = ['unused'];
      const answer = invokeAnswer(teamsDeps(ids), signIn(consent, true), PERSON);
      expect(answer.body).toStrictEqual({
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: {
          text: say(text),
          connectionName: OAUTH_CONNECTION_NAME,
          buttons: [{ type: 'signin', title: say('button.signIn'), value: url }]
        }
      });
      expect(ids).toEqual(['unused']);
    }
  );

  it('local mode has no sign-in to offer: the card stays', () => {
    const deps = { config: loadConfig({}), newExchangeId: () => 'x' } as unknown as BotDeps;
    expect(invokeAnswer(deps, signIn(false, false))).toEqual({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: CARD }
    });
  });
});
