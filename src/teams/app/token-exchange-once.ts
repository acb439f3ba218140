// A signin/tokenExchange is handled once per exchange id, across every instance of the bot. Teams
// sends the same exchange (the same value.id) from each client the person is signed in to
// (botbuilder's TeamsSSOTokenExchangeMiddleware documents it): only one of them may sign the person
// in and run the command they typed; with several instances the others may reach other instances.
//
// teams-ai's own dedupe cannot do it (teams-ai-storage.ts withoutTeamsAiDedupe says why, and now
// always lets it pass): it runs after teams-ai's exchange, and takes any storage error for a
// duplicate. Here the id is claimed first, create-if-absent in an ExpiringStore the instances share
// (add: false when already held), so a duplicate never exchanges (no second on-behalf-of request
// to Entra ID) and never runs the command. A claim that cannot be made is an error, never a
// duplicate: 412 with failureDetail storage_unavailable, the documented failure, on which Teams
// shows the OAuth card's sign-in button.
//
// A duplicate is answered 200 with no failure, as botbuilder 4.23's middleware code answers one
// (teamsSSOTokenExchangeMiddleware.js deduplicatedTokenExchangeId; its doc text says 412, which
// would show a sign-in button on every other client of a person already signed in). If the first
// delivery then fails (consent needed: 412), a client whose duplicate came while it ran was told
// 200; every delivery after the failure finds the claim released (below) and gets its own answer.
import { INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import type { ExpiringStore } from '../../storage/expiring-store';
import type { Logger } from '../../logger';
import { answerTokenExchange, tokenExchangeRequest } from './sso-exchange-guard';

/**
 * How long an id stays claimed: teams-ai's SSO prompt expires after 15 minutes (TeamsBotSsoPrompt.js
 * beginDialog, default_timeout 900000), after which a delivery of that id can sign no one in anyway.
 */
export const EXCHANGE_CLAIM_MS = 15 * 60_000;

export interface ExchangeOnceDeps {
  /** Exchange ids being or already handled (memory: one instance; Blob: all of them). */
  tokenExchanges: ExpiringStore<true>;
  now: () => number;
}

function answeredStatus(context: TurnContext): unknown {
  return (context.turnState.get(INVOKE_RESPONSE_KEY) as { value?: { status?: unknown } } | undefined)?.value?.status;
}

/**
 * Runs `handle` (the bot's exchange, then teams-ai) for the first delivery of an exchange id, and
 * answers the others. Any other activity goes to `handle` as it is. True when it was handled.
 */
export async function tokenExchangeOnce(
  context: TurnContext,
  deps: ExchangeOnceDeps,
  log: Logger,
  handle: () => Promise<boolean>
): Promise<boolean> {
  const request = tokenExchangeRequest(context.activity);
  // No id: teams-ai's route does not match it (its id pattern), nothing is exchanged for it.
  if (!request?.id) return handle();
  const { id } = request;
  const a = context.activity;
  // The scope botbuilder's and teams-ai's dedupe use: one conversation's exchange.
  const key = `token-exchange ${a.channelId}/${a.conversation?.id}/${id}`;
  let first: boolean;
  try {
    const now = deps.now();
    first = await deps.tokenExchanges.add(key, true, now + EXCHANGE_CLAIM_MS, now);
  } catch (err) {
    log.warn({ err }, 'signin/tokenExchange failed: its id could not be recorded, so it may not be the first');
    await answerTokenExchange(context, id, 412, 'storage_unavailable');
    return true;
  }
  if (!first) {
    log.info('signin/tokenExchange already handled (the same id from another client): answered as done');
    await answerTokenExchange(context, id, 200, '');
    return true;
  }
  try {
    return await handle();
  } finally {
    // Anything but a 200 (a failed exchange's 412, a turn that threw before answering) signed no
    // one in and ran nothing: the id is released, so the next delivery is not taken for a duplicate.
    if (answeredStatus(context) !== 200) await release(deps, key, log);
  }
}

async function release(deps: ExchangeOnceDeps, key: string, log: Logger): Promise<void> {
  try {
    await deps.tokenExchanges.take(key, deps.now());
  } catch (err) {
    // The claim then expires on its own; until then a redelivery of this id is answered as done.
    log.warn({ err }, 'could not release a failed signin/tokenExchange id');
  }
}
