// The Bot Connector's update of the card a person clicked (PUT …/activities/{replyToId}), as the
// bot sends it after the invoke was answered: a late result or a second look at an uncertain post.
import nock from 'nock';
import { nockBotConnectorToken, TEAMS_SERVICE_URL } from './bot-framework-auth';

/** The card the fixtures' invokes were clicked on: their replyToId, in Alice's 1:1 chat. */
export const CLICKED_CARD_PATH = `/v3/conversations/${encodeURIComponent('a:1personal-chat-alice')}/activities/1732700000002`;

/** Teams mode: the bot's connector token, then the update; resolves with the activity sent. */
export function nockCardUpdate(): Promise<any> {
  nockBotConnectorToken('connector-token');
  return new Promise((resolve) => {
    nock(TEAMS_SERVICE_URL, { reqheaders: { authorization: 'Bearer connector-token' } })
      .put(CLICKED_CARD_PATH, (body: any) => Boolean(resolve(body)) || true)
      .reply(200, { id: '1732700000002' });
  });
}
