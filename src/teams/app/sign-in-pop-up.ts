// The Teams side of the sign-in pop-up (src/auth/sign-in-flow.ts): the verification code Teams
// resends as `value.state` after the pop-up, and person-bound links on the cards teams-ai builds.
import type { TurnContext } from 'botbuilder';
import type { BotAdapter } from './bot-adapter';
import type { BotDeps } from './bot-deps';
import { actingUser, turnLogger } from './turn';
import { isRecord } from '../../core/is-record';

export type CodeCheck = 'none' | 'accepted' | 'refused';

/**
 * An invoke Teams resent after the pop-up carries `value.state`: accepted only when /auth-end
 * issued that code to this same sender and it was not used yet. A refused code means the turn
 * must not go on with whatever token the cache holds: the caller asks for a fresh sign-in.
 */
export async function checkSignInCode(context: TurnContext, deps: BotDeps): Promise<CodeCheck> {
  const value = context.activity.value;
  const state = isRecord(value) ? value.state : undefined;
  // Local mode has no pop-up (and no cache to protect): a state there means nothing.
  if (state === undefined || state === null || state === '' || !deps.signIn) return 'none';
  const person = actingUser(context.activity);
  // Without an Entra identity the route refuses the turn anyway (notice.accountNeeded).
  if (!person) return 'none';
  const accepted = typeof state === 'string' && (await deps.signIn.acceptCode(state, person));
  turnLogger(context, deps.logger).info({ accepted }, 'sign-in verification code checked');
  return accepted ? 'accepted' : 'refused';
}

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

/**
 * teams-ai's Teams SSO (the command path) puts its own static sign-in link on its OAuthCard:
 * /auth-start refuses links that do not name a person, so the link is bound to the sender
 * on its way out, like the links the bot builds itself.
 */
export function bindSignInLinks(adapter: BotAdapter, deps: BotDeps): void {
  const links = deps.signIn;
  const startUrl = deps.sso?.signInUrl;
  if (!links || !startUrl) return;
  adapter.use(async (context, next) => {
    const person = actingUser(context.activity);
    if (person) {
      context.onSendActivities(async (_context, activities, send) => {
        for (const activity of activities) {
          for (const attachment of activity.attachments ?? []) {
            if (attachment.contentType !== OAUTH_CARD || !isRecord(attachment.content)) continue;
            const buttons = attachment.content.buttons;
            for (const button of Array.isArray(buttons) ? buttons : []) {
              if (isRecord(button) && typeof button.value === 'string' && isStartLink(button.value, startUrl))
                button.value = links.bind(button.value, person);
            }
          }
        }
        return send();
      });
    }
    await next();
  });
}

function isStartLink(link: string, startUrl: string): boolean {
  return link === startUrl || link.startsWith(`${startUrl}?`);
}
