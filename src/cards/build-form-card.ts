import template from '../../adaptiveCards/new-conversation-form.json';
import { VERBS, type AdaptiveCard, type FormCardData, type FormValues } from './card-types';
import { groupInputWords, keptBodyWords, messageInputWords, postButtonWords, topicInputWords } from './card-words';
import { formFilesView } from './form-files';
import { staticChoices, withGroupPicker } from './group-picker';
import { renderTemplate } from './render-template';
import { memoCard } from './card-memo';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';

const FIELDS: (keyof FormValues)[] = ['groupId', 'topic', 'body', 'participants', 'otherEmails'];

/**
 * The new-conversation form; with `error` it is the retry form that keeps every input (a message
 * too long to show again is kept on the server: `keptBody`). The group picker lists at most
 * MAX_STATIC_GROUPS (group-picker.ts) and the card stays within the size budget. A person opening
 * the form again on the same groups gets the card built the first time with its new draftId
 * (card-memo.ts: the expansion is the largest cost of answering `new`).
 */
export const buildFormCard: (data: FormCardData) => AdaptiveCard = memoCard(buildFormCardNow, {
  fresh: ['draftId'],
  // A few hundred people opening forms at once: about 10 KB each.
  max: 256
});

function buildFormCardNow(data: FormCardData): AdaptiveCard {
  // Every field the template reads must be defined: the templating library prints an
  // undefined one as its literal expression ("${values.topic}") instead of leaving it empty.
  const values = {
    ...(Object.fromEntries(FIELDS.map((f) => [f, data.values[f] ?? ''])) as Record<(typeof FIELDS)[number], string>),
    allGroups: data.values.allGroups === 'true' ? 'true' : 'false'
  };
  const broadcast = data.broadcast === true && (data.mode ?? 'chat') === 'chat';
  const confirmAll =
    broadcast && data.confirmAll !== undefined
      ? {
          count: String(data.confirmAll),
          title: say('broadcast.confirmAll.title', { count: data.confirmAll }),
          text: say('broadcast.confirmAll.text', { count: data.confirmAll }),
          button: say('button.postToAll', { count: data.confirmAll })
        }
      : undefined;
  // "Post to all my groups" is a broadcast, which is not checked for groups hidden from Outlook: its
  // confirmation alone, never two Post buttons (a form warned as it opened, then switched to all).
  const hidden =
    data.hiddenGroup && !confirmAll
      ? {
          // Warned as the form opened, the acknowledgement is on the server (FormContext.hiddenWarned):
          // the button then carries an empty hiddenAck, which is no consent.
          groupId: data.hiddenGroup.atOpen ? '' : data.hiddenGroup.id,
          title: say('hidden.title', {
            group: markdownSafe(data.hiddenGroup.name)
          }),
          text: say('hidden.text'),
          button: say('button.postAnyway')
        }
      : undefined;
  const fieldErrors = Object.fromEntries(FIELDS.map((f) => [f, data.fieldErrors?.[f] ?? '']));
  const person = (p: { id: string; displayName: string }) => ({
    id: p.id ?? '',
    displayName: p.displayName || p.id || ''
  });
  const search = data.searchGroups === true;
  const choices = staticChoices(data.groups, values.groupId);
  const kept = keptBodyWords(data.keptBody);
  return withGroupPicker(choices, search, (groups) =>
    renderTemplate(template, {
      draftId: data.draftId,
      verbs: VERBS,
      t: {
        title: say('form.title'),
        ...groupInputWords(search, broadcast),
        allGroups: say('input.allGroups.title'),
        ...topicInputWords(),
        ...messageInputWords(),
        ...kept.words,
        participantsLabel: say('input.participants.label'),
        ...postButtonWords(data.error !== undefined)
      },
      groups,
      knownPeople: (data.knownPeople ?? []).map(person),
      values,
      fieldErrors,
      error: data.error ? { title: data.error.title ?? '', text: data.error.text ?? '' } : undefined,
      kept: kept.kept,
      mode: data.mode ?? 'chat',
      broadcast,
      confirmAll,
      hidden,
      files: formFilesView(data.files)
    })
  );
}
