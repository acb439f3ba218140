// The chat form's Post when it names several groups, or "Post to all my groups" (issue 15; 1:1
// chat only: in channels and group chats the form stays single-group). Everything that can refuse
// the whole broadcast is checked before anything is posted: the form's fields, the selection,
// the participants (resolved once), the person's post allowance (one post per group). Then the
// broadcast is saved, its progress card answers the invoke at once, and the broadcaster posts.
import { ValidationError } from '../../core/errors';
import { parseGroupSelection } from '../../core/broadcast-plan';
import { resolveParticipants } from '../../core/participants';
import { validateDraft, type ValidDraft } from '../../core/validate-draft';
import { messageHtmlFor } from '../../core/message-prefill';
import type { GroupSummary } from '../../graph/graph-client';
import type { BroadcastRecord } from '../../storage/broadcast-store';
import type { FormContext } from '../../storage/form-context-store';
import type { AdaptiveCard } from '../../cards';
import type { Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';
import { draftIdOf, retryForm } from '../card-actions/new-conversation-form';
import { runAsThePerson } from '../card-actions/run-as-the-person';
import { say } from '../../core/words';
import { broadcastCard } from './broadcaster';
import { confirmAllForm } from './confirm-all-groups';
import { buildBroadcastNoticeCard } from './broadcast-banner';
import { answerSpot, startWhenShown } from './start-when-shown';

/** A Post that is a broadcast: several groups picked, or every group (1:1 chat only). */
export function isBroadcast(turn: Turn): boolean {
  if (turn.scope !== 'personal') return false;
  const { groupId, allGroups } = turn.data;
  return allGroups === 'true' || (typeof groupId === 'string' && groupId.includes(','));
}

export async function postBroadcast(turn: Turn, form: FormContext | undefined): Promise<Outcome> {
  const { deps, log, person } = turn;
  const draftId = draftIdOf(turn.data);
  const formAgain = (err: unknown): Promise<AdaptiveCard> =>
    retryForm(turn, 'post', err, { form, fieldErrors: err instanceof ValidationError ? err.fields : undefined });

  // The form's other fields, by the single post's rules (the first group stands in for the picker).
  const all = turn.data.allGroups === 'true';
  const selection = all ? undefined : parseGroupSelection(turn.data.groupId, deps.config.broadcast.maxGroups);
  let draft: ValidDraft;
  try {
    draft = validateBroadcastDraft(turn, selection);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    log.info({ fields: Object.keys(err.fields) }, 'broadcast form failed validation');
    return { kind: 'card', card: await formAgain(err), result: 'invalid' };
  }

  // The same broadcast again (a second click, a re-delivered invoke): its card as it stands.
  const known = await deps.broadcasts.get(draftId);
  if (known) return again(turn, known);

  let started: { record: BroadcastRecord; token: string } | undefined;
  const outcome = await runAsThePerson(turn, {
    what: 'broadcast',
    retryCard: formAgain,
    failure: { message: 'broadcast refused before posting' },
    run: async (token) => {
      const mine = await deps.groups.listForUser(token, person.aadObjectId);
      const groupIds = all ? mine.map((g) => g.id.toLowerCase()) : selection?.ok ? selection.groupIds : [];
      if (groupIds.length > deps.config.broadcast.maxGroups)
        throw fieldError(say('field.group.tooMany', { max: deps.config.broadcast.maxGroups }));
      if (
        all &&
        groupIds.length > deps.config.broadcast.confirmAbove &&
        turn.data.confirmAll !== String(groupIds.length)
      )
        return { card: await confirmAllForm(turn, form, groupIds.length), result: 'shown' };

      // An address that cannot be resolved fails the form here, before any group is posted to.
      const participants = await resolveParticipants(deps.graph, token, draft.participantIds, draft.otherEmails);
      const allowance = deps.rateLimiter.take(person.aadObjectId, deps.now(), groupIds.length);
      if (!allowance.allowed) {
        const { retryAfterSeconds: seconds, available } = allowance;
        const limit = deps.config.postsPerMinute;
        throw fieldError(say('field.group.overAllowance', { count: groupIds.length, limit, available, seconds }));
      }

      const now = deps.now();
      const bodyHtml = form?.openedBy === person.aadObjectId ? messageHtmlFor(form.messageBody, draft.body) : undefined;
      const record: BroadcastRecord = deps.broadcaster.withToken(
        {
          broadcastId: draftId.toLowerCase(),
          userId: person.aadObjectId,
          ...(person.tenantId ? { tenantId: person.tenantId } : {}),
          createdAt: now,
          updatedAt: now,
          card: answerSpot(turn),
          draft: { topic: draft.topic, body: draft.body, ...(bodyHtml ? { bodyHtml } : {}), participants },
          groups: await Promise.all(
            groupIds.map(async (groupId) => ({
              groupId,
              groupName: await nameOf(turn, token, mine, groupId),
              state: 'waiting' as const
            }))
          ),
          status: 'running'
        },
        token
      );
      // Lost a race with another delivery of the same Post: that one runs it; show its card.
      if (!(await deps.broadcasts.create(record))) {
        const saved = await deps.broadcasts.get(draftId);
        if (saved) return { card: broadcastCard(saved), result: 'repeated' };
      }
      log.info({ groups: groupIds.length, participants: participants.length }, 'broadcast started');
      // Old broadcasts (and their messages) go when a new one starts: no timer, nothing kept for long.
      void deps.broadcasts
        .sweep(now - deps.config.broadcast.keepMs)
        .catch((err: unknown) => log.warn({ err }, 'could not sweep old broadcasts'));
      started = { record, token };
      return { card: broadcastCard(record), result: 'posted' };
    }
  });
  return started ? startWhenShown(turn, started.record, started.token, outcome) : outcome;
}

/** A known broadcast: its card; resumed when nothing runs it (the process that did has stopped). */
async function again(turn: Turn, record: BroadcastRecord): Promise<Outcome> {
  // Another person's broadcast id (only a forged invoke can name one): their card is not shown.
  if (record.userId !== turn.person.aadObjectId) {
    turn.log.warn('a Post named another person’s broadcast: refused');
    const card = buildBroadcastNoticeCard('notYours');
    return { kind: 'card', card, result: 'failed' };
  }
  if (record.status === 'running' && !turn.deps.broadcaster.isRunning(record.broadcastId)) {
    const token = await turn.token().catch(() => undefined);
    turn.deps.broadcaster.run(record, { token, answeredAt: turn.deps.now() });
  }
  return { kind: 'card', card: broadcastCard(record), result: 'repeated' };
}

function validateBroadcastDraft(turn: Turn, selection: ReturnType<typeof parseGroupSelection> | undefined): ValidDraft {
  const max = turn.deps.config.broadcast.maxGroups;
  const first = selection?.ok ? selection.groupIds[0] : undefined;
  const groupProblem =
    selection && !selection.ok
      ? selection.problem === 'too_many'
        ? say('field.group.tooMany', { max })
        : selection.problem === 'missing'
          ? say('field.group.missing')
          : say('field.group.notInList')
      : undefined;
  try {
    // "All my groups" names none: any well-formed id stands in for the picker's own check.
    const draft = validateDraft({ ...turn.data, groupId: first ?? '00000000-0000-4000-8000-000000000000' });
    if (groupProblem) throw new ValidationError({ groupId: groupProblem });
    return draft;
  } catch (err) {
    if (err instanceof ValidationError && groupProblem)
      throw new ValidationError({ ...err.fields, groupId: groupProblem });
    throw err;
  }
}

function fieldError(message: string): ValidationError {
  return new ValidationError({ groupId: message });
}

/** The group's name as the person's directory has it (a typeahead pick may not be in the list yet). */
async function nameOf(turn: Turn, token: string, mine: readonly GroupSummary[], groupId: string): Promise<string> {
  const listed = mine.find((g) => g.id.toLowerCase() === groupId);
  if (listed) return listed.displayName;
  try {
    return (await turn.deps.groups.describe(token, turn.person.aadObjectId, groupId)).displayName;
  } catch (err) {
    // Its post will fail with the reason in words; the card names it as the form did.
    turn.log.info({ err, groupId }, 'a picked group could not be read before the broadcast');
    return say('form.selectedGroup');
  }
}
