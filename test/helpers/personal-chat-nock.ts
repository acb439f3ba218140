// The Bot Connector as the bot's 1:1 chat with a person sees it (src/teams/app/personal-chat.ts):
// the 1:1 conversation created (or got) with POST /v3/conversations, then the messages sent into
// it. Teams mode: the bot's own token first, from its tenant; local mode: no token at all.
import nock from 'nock';
import { nockBotConnectorToken, PLAYGROUND_SERVICE_URL, TEAMS_SERVICE_URL } from './bot-framework-auth';
import { assertWithinSizeBudget } from './size-budget';

export const PERSONAL_CHAT = 'a:1personal-chat-alice';

export interface PersonalChatNock {
  /** The bodies of POST /v3/conversations. */
  created: any[];
  /** The activities sent into the 1:1 chat, each checked against the size budget. */
  sent: any[];
  firstMessage: Promise<any>;
}

/**
 * `teams` (default true): the connector wants the bot's token `connectorToken` (false: local mode, the
 * Agents Playground's connector, no token); `nockToken: false`
 * when the test already serves that token request (the connector client asks for it once).
 */
export function nockPersonalChat(
  options: { teams?: boolean; connectorToken?: string; nockToken?: boolean } = {}
): PersonalChatNock {
  const { teams = true, connectorToken = 'connector-token', nockToken = true } = options;
  if (teams && nockToken) {
    nockBotConnectorToken(connectorToken);
  }
  const connector = nock(
    teams ? TEAMS_SERVICE_URL : PLAYGROUND_SERVICE_URL,
    teams ? { reqheaders: { authorization: `Bearer ${connectorToken}` } } : { badheaders: ['authorization'] }
  );
  const created: any[] = [];
  const sent: any[] = [];
  connector.post('/v3/conversations', (body: any) => Boolean(created.push(body))).reply(201, { id: PERSONAL_CHAT });
  const firstMessage = new Promise<any>((resolve) => {
    connector
      .post(`/v3/conversations/${encodeURIComponent(PERSONAL_CHAT)}/activities`, (body: any) => {
        assertWithinSizeBudget(body, 'a message to the personal chat');
        sent.push(body);
        resolve(body);
        return true;
      })
      .reply(201, { id: 'personal-message-1' });
  });
  return { created, sent, firstMessage };
}
