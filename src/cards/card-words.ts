// The words the form, the reply form and the group picker share, read from src/core/words.ts and
// named for the templates' `${t.…}` bindings (templates hold no words of their own).
import { markdownSafe } from '../core/markdown-safe';
import { LIMITS } from '../core/validate-draft';
import type { KeptBody } from './card-types';
import { say } from '../core/words';

/** `search`: the picker also finds groups by typing (typeahead), and its placeholder says so. */
export function groupInputWords(search = false, several = false) {
  return {
    groupLabel: say('input.group.label'),
    groupPlaceholder: say(
      several ? 'input.group.multiPlaceholder' : search ? 'input.group.searchPlaceholder' : 'input.group.placeholder'
    ),
    groupRequired: say('field.group.missing')
  };
}

export function messageInputWords() {
  return {
    messageLabel: say('input.message.label'),
    messageRequired: say('field.message.missing'),
    otherEmailsLabel: say('input.otherEmails.label'),
    otherEmailsPlaceholder: say('input.otherEmails.placeholder')
  };
}

/** A message kept on the server (card-types KeptBody): its beginning, literally, and what that means. */
export function keptBodyWords(kept: KeptBody | undefined) {
  if (!kept) return { words: { keptTitle: '', replaceMessageLabel: '' }, kept: undefined };
  return {
    words: { keptTitle: say('form.kept.title'), replaceMessageLabel: say('input.message.replaceLabel') },
    kept: {
      preview: markdownSafe(kept.preview),
      note: say('form.kept.note', { length: kept.length, hours: kept.hours })
    }
  };
}

/** Post reads "Try again" on a retry form (one with an error banner). */
export function postButtonWords(retry: boolean) {
  return { post: say(retry ? 'button.tryAgain' : 'button.post'), cancel: say('button.cancel') };
}

export function topicInputWords() {
  return { topicLabel: say('input.topic.label'), topicRequired: say('field.topic.required', { max: LIMITS.topic }) };
}
