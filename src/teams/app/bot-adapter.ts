// TeamsAdapter with one extra public entry: process an activity the HTTP edge has already
// parsed and checked. CloudAdapter.process() would re-parse the body, print authentication
// failures with console.error and answer anything unexpected with a 500 carrying the raw
// error message; the server maps outcomes itself instead.
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../../config';

export class BotAdapter extends TeamsAdapter {
  processParsedActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Teams mode checks every request's Bot Framework JWT; local mode (no app id) is anonymous. */
export function createBotAdapter(config: Config): BotAdapter {
  if (!config.bot) return new BotAdapter({});
  return new BotAdapter({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.tenantId ? 'SingleTenant' : 'MultiTenant',
    MicrosoftAppTenantId: config.bot.tenantId
  });
}
