// The message extension's invokes (composeExtension/fetchTask, composeExtension/submitAction) are
// answered within ME_INVOKE_DEADLINE_MS: Teams waits 5 s, then retries the invoke twice and shows
// "Unable to reach the app", ignoring a late answer (PLATFORM-FACTS "Message extensions").
// - fetchTask still reading at the deadline: a message dialog saying the groups are still
//   loading; the reads go on and fill the group directory, so opening it again shows the form.
// - submitAction still posting at the deadline: the dialog closes (the empty answer, as after a
//   post) and the result — the confirmation, or the error with the chat form's Try again — goes to
//   the person's 1:1 chat with the bot (personal-chat.ts). A delivery of the same draft while the
//   first is running (Teams' retries, a double press) joins it instead of running again: it never
//   posts, and never sends a second result. The draft ledger (post-once.ts) still guards the post
//   across bot instances.
import type { TurnContext } from 'botbuilder';
import { buildNoticeCard } from '../../cards';
import { describeError } from '../../core/describe-error';
import { say } from '../../core/words';
import { personalChatAnswer } from './answers';
import type { BotAdapter } from './bot-adapter';
import type { BotDeps } from './bot-deps';
import type { Outcome } from './outcome';
import { personalChatOf, sendToPersonalChat, type PersonalChat } from './personal-chat';
import type { Logger } from '../../logger';
import { turnLogger } from './turn';

/** A fetchTask or submitAction answer body ({task}, {composeExtension} or {} to close the dialog). */
export type DialogBody = object;

export interface DialogDeadline {
  /** fetchTask: `answer` turns the route's outcome into the body, when it is ready in time. */
  open(context: TurnContext, work: Promise<Outcome>, answer: (o: Outcome) => Promise<DialogBody>): Promise<DialogBody>;
  /**
   * submitAction. `key` names the draft (person and draftId; none: never joined); `run` starts the
   * route. `answer(o, first)`: `first` is false for a delivery that joined an earlier one, whose
   * answer must not send anything into the chat again.
   */
  submit(
    context: TurnContext,
    key: string | undefined,
    run: () => Promise<Outcome>,
    answer: (o: Outcome, first: boolean) => Promise<DialogBody>
  ): Promise<DialogBody>;
}

const LATE = Symbol('late');
type Late = typeof LATE;

export function createDialogDeadline(deps: BotDeps, adapter: BotAdapter): DialogDeadline {
  const deadlineMs = deps.config.meInvokeDeadlineMs;
  /** Posts from dialogs still running, by draft: `late` once the first delivery answered without them. */
  const running = new Map<string, { outcome: Promise<Outcome>; late: boolean }>();

  const within = async (work: Promise<Outcome>): Promise<Outcome | Late> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<Late>((resolve) => (timer = setTimeout(resolve, deadlineMs, LATE)))
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * An uncertain post's second look (outcome.settleLater): a dialog cannot be updated once answered,
   * so what it finds (the confirmation, or the chat form with Try again) goes to the 1:1 chat.
   */
  const settleInChat = (outcome: Outcome, chat: PersonalChat | undefined, log: Logger): void => {
    if (outcome.kind !== 'card' || !outcome.settleLater || !chat) return;
    const { afterMs, look } = outcome.settleLater;
    deps.schedule(afterMs, async () => {
      try {
        const settled = await look();
        if (!settled) return;
        await sendToPersonalChat(adapter, deps, chat, personalChatAnswer(settled));
        log.info('the 1:1 chat was told what the second look at an uncertain dialog post found');
      } catch (err) {
        log.warn({ err }, 'could not settle an uncertain dialog post in the background (Try again still works)');
      }
    });
  };

  return {
    async open(context, work, answer) {
      const first = await within(work);
      if (first !== LATE) return answer(first);
      const log = turnLogger(context, deps.logger);
      log.warn({ deadlineMs }, 'the dialog outlasted the message extension deadline: answered "still loading"');
      void work.then(
        () => log.info('the dialog finished after its deadline: its reads are cached for the next open'),
        (err: unknown) => log.warn({ err }, 'the dialog failed after its deadline')
      );
      return { task: { type: 'message', value: say('dialog.stillLoading') } };
    },

    async submit(context, key, run, answer) {
      const earlier = key === undefined ? undefined : running.get(key);
      if (earlier) {
        const outcome = await within(earlier.outcome);
        // The first delivery sends the result to the 1:1 chat: this one only closes the dialog.
        return outcome === LATE || earlier.late ? {} : answer(outcome, false);
      }

      const work = run();
      const entry = { outcome: work, late: false };
      if (key !== undefined) {
        running.set(key, entry);
        const done = () => running.delete(key);
        void work.then(done, done);
      }
      const first = await within(work);
      // Kept now: the turn context is finished once answered.
      const chat = personalChatOf(context.activity);
      const log = turnLogger(context, deps.logger);
      if (first !== LATE) {
        settleInChat(first, chat, log);
        return answer(first, true);
      }

      entry.late = true;
      log.warn(
        { deadlineMs },
        'the dialog Post outlasted the message extension deadline: the result goes to the 1:1 chat'
      );
      void work
        .then(
          (outcome) => {
            settleInChat(outcome, chat, log);
            return personalChatAnswer(outcome);
          },
          (err: unknown) => {
            log.warn({ err }, 'the dialog Post failed after its deadline');
            return [buildNoticeCard(describeError(err))];
          }
        )
        .then(async (cards) => {
          if (!chat) throw new Error('the activity names no 1:1 chat to send the result to');
          await sendToPersonalChat(adapter, deps, chat, cards);
          log.info('the late dialog result was sent to the 1:1 chat');
        })
        .catch((err: unknown) => log.warn({ err }, 'could not send the late dialog result to the 1:1 chat'));
      return {};
    }
  };
}
