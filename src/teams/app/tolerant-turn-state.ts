// teams-ai reads its turn state at the start of EVERY turn, before any route (Application.js run:
// `await state.load(context, storage)`), though only its Teams SSO sign-in keeps anything there
// (teams-ai-storage.ts). With the storage unreachable, `help` or a card's button would fail only
// because teams-ai could not read state that turn never uses.
//
// So a turn that keeps no state is answered with empty state when the read fails, and that state
// is never written back: what could not be read must not be overwritten with less. A turn that
// needs the state (a sign-in invoke, or a command that starts the sign-in and would send an OAuth
// card whose dialog state could not be kept) fails with storage_unavailable before anything is
// sent: app.error answers an invoke with its documented failure (412 for signin/tokenExchange)
// and a message with the "Can't post right now" notice.
import type { Storage, TurnContext } from 'botbuilder';
import { TurnState } from './teams-ai';
import { AppError } from '../../core/errors';
import type { Logger } from '../../logger';
import { isETagConflict } from './teams-ai-storage';

function unavailable(what: string, err: unknown): unknown {
  if (err instanceof AppError || isETagConflict(err)) return err;
  return new AppError('storage_unavailable', `teams-ai turn state could not be ${what}`, { cause: err });
}

export class TolerantTurnState extends TurnState {
  /** The read failed on a turn that keeps nothing: nothing is written back. */
  private unread = false;

  constructor(
    /** True when the turn needs teams-ai's stored state (the sign-in). */
    private readonly keepsState: (context: TurnContext) => boolean,
    private readonly logOf: (context: TurnContext) => Logger
  ) {
    super();
  }

  override load(context: TurnContext, storage?: Storage): Promise<boolean> {
    if (!storage) return super.load(context);
    const read = async (keys: string[]) => {
      try {
        return await storage.read(keys);
      } catch (err) {
        const error = unavailable('read', err);
        if (this.keepsState(context)) throw error;
        this.unread = true;
        this.logOf(context).warn({ err: error }, 'turn state unreadable: this turn keeps none, answered without it');
        return {};
      }
    };
    // TurnState.load reads once and marks itself loaded first (TurnState.js load): a failed read
    // cannot be retried, so it is handled inside the storage it is given.
    return super.load(context, { read, write: (c) => storage.write(c), delete: (k) => storage.delete(k) });
  }

  override async save(context: TurnContext, storage?: Storage): Promise<void> {
    if (this.unread) return;
    try {
      await super.save(context, storage);
    } catch (err) {
      throw unavailable('written', err);
    }
  }
}
