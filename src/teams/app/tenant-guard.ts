// The tenant allow-list (ALLOWED_TENANTS; in Teams mode the app's own tenant unless it says `*`):
// people from other organizations get a polite refusal and nothing else; the bot never calls Graph
// or Entra ID for them. An activity that names no tenant is refused too.
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
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
    const invoke =
      context.activity.name === 'adaptiveCard/action'
        ? errorResponse(400, 'tenant_not_allowed', REFUSAL.text)
        : { status: 403, body: { error: 'tenant_not_allowed', message: REFUSAL.text } };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: invoke });
  } else if (type === ActivityTypes.Message) {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(buildNoticeCard(REFUSAL))] });
  }
  return true;
}
