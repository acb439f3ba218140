// The HTTP edge checks an incoming activity's shape before botbuilder sees it: botbuilder
// answers malformed activities with a 500 and a raw error message, we answer 400 with a reason.
import { z } from 'zod';
import type { Activity } from 'botbuilder';

const account = z.object({ id: z.string().min(1).max(512) }).passthrough();

const activitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    from: account,
    recipient: account.optional(),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
    text: z.string().max(100_000).optional(),
    name: z.string().max(256).optional()
  })
  .passthrough();

export type ParsedActivity = { ok: true; activity: Activity } | { ok: false; reason: string };

export function parseActivity(body: unknown): ParsedActivity {
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `invalid activity: ${issue.path.join('.') || '(body)'} ${issue.message}` };
  }
  return { ok: true, activity: parsed.data as unknown as Activity };
}
