// What a form was opened with (its group choices), by draftId, so a failed submit can show the
// same form again with every input kept, without asking Graph for the groups a second time.
import type { GroupChoice, PersonChoice } from '../cards/card-types';
import { setNewest } from '../core/bounded-map';

export interface FormContext {
  openedBy: string;
  groups: GroupChoice[];
  /** The person had more groups than `groups`: the retry form keeps the typeahead. */
  searchGroups?: boolean;
  /** Names for participant ids the form was opened with (a message's author), for the retry form. */
  people?: PersonChoice[];
  /**
   * A message action's message: the plain text the form showed and the message's sanitized HTML,
   * posted instead of the text while the person leaves it unchanged. Server-side only, never card data.
   */
  messageBody?: { text: string; html: string };
}

export interface FormContextStore {
  save(draftId: string, context: FormContext): void;
  get(draftId: string): FormContext | undefined;
}

/**
 * Bounded in memory: the oldest forms are forgotten first (a forgotten form still works; it just
 * shows fewer group names).
 */
export function createMemoryFormContextStore(maxForms = 20_000): FormContextStore {
  const forms = new Map<string, FormContext>();
  return {
    save(draftId, context) {
      setNewest(forms, draftId, context, maxForms);
    },
    get(draftId) {
      return forms.get(draftId);
    }
  };
}
