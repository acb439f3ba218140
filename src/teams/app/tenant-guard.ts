// The tenant allow-list (ALLOWED_TENANTS; in Teams mode the app's own tenant unless it says `*`):
// people from other organizations get a polite refusal and nothing else; the bot never calls Graph
// or Entra ID for them. An activity that names no tenant is refused too. Each invoke is answered in
// the shape its surface shows: a card action's error, and for the message extension's dialogs the
// documented message pop-up (a 403 there would make Teams retry and then say "Unable to reach the app").
import { ActivityTypes, CardFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import { buildNoticeCard } from '../../cards';
import { errorResponse } from './invoke-responses';
import { tenantOf } from './turn';
import { notice } from '../../core/words';

const REFUSAL = notice('notice.tenantNotAllowed');

/** True when the activity was refused (and answered); the turn must then stop. */
export async function refuseOtherTenants(context: TurnContext, allowed: readonly string[] | 'any'): Promise<boolean> {
  if (allowed === 'any') return false;
  const tenant = tenantOf(context.activity);
  if (tenant && allowed.includes(tenant)) return false;
  const type = context.activity.type;
  if (type === ActivityTypes.Invoke) {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: refusalFor(context.activity.name) });
  } else if (type === ActivityTypes.Message) {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(buildNoticeCard(REFUSAL))] });
  }
  return true;
}

const DIALOG_INVOKES: ReadonlySet<string | undefined> = new Set([
  'composeExtension/fetchTask',
  'composeExtension/submitAction'
]);

function refusalFor(name: string | undefined): InvokeResponse {
  if (name === 'adaptiveCard/action') return errorResponse(400, 'tenant_not_allowed', REFUSAL.text);
  if (DIALOG_INVOKES.has(name)) return { status: 200, body: { task: { type: 'message', value: REFUSAL.text } } };
  // Anything else (sign-in invokes, invokes the bot does not handle): the edge's refusal.
  return { status: 403, body: { error: 'tenant_not_allowed', message: REFUSAL.text } };
}
