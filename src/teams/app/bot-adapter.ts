// TeamsAdapter with one extra public entry: process an activity the HTTP edge has already
// parsed and checked. CloudAdapter.process() would re-parse the body, print authentication
// failures with console.error and answer anything unexpected with a 500 carrying the raw
// error message; the server maps outcomes itself instead. It also reuses its connector and
// user-token clients from turn to turn (reused-bot-clients.ts says why).
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { TeamsAdapter } from './teams-ai';
import type { Config } from '../../config';
import { reuseBotClients } from './reused-bot-clients';

export class BotAdapter extends TeamsAdapter {
  constructor(settings: Record<string, string | undefined>) {
    super(settings);
    reuseBotClients(this.botFrameworkAuthentication);
  }

  processParsedActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * Teams mode checks every request's Bot Framework JWT; local mode (no app id) is anonymous.
 * The app type is the one on the Azure Bot resource: SingleTenant gets the bot's tokens from its
 * own tenant, UserAssignedMSI from the App Service's managed identity (no password).
 */
export function createBotAdapter(config: Config): BotAdapter {
  if (!config.bot) return new BotAdapter({});
  return new BotAdapter(botFrameworkSettings(config.bot));
}

/** botbuilder's ConfigurationBotFrameworkAuthentication settings for the bot's identity. */
export function botFrameworkSettings(bot: NonNullable<Config['bot']>): Record<string, string | undefined> {
  return {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appType === 'UserAssignedMSI' ? undefined : bot.appPassword,
    // botbuilder spells the managed identity 'UserAssignedMsi' and compares case-insensitively.
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId
  };
}
