// What a form was opened with (its group choices), by draftId, so a failed submit can show the
// same form again with every input kept, without asking Graph for the groups a second time.
import type { GroupChoice } from '../cards/card-types';

export interface FormContext {
  openedBy: string;
  groups: GroupChoice[];
}

export interface FormContextStore {
  save(draftId: string, context: FormContext): void;
  get(draftId: string): FormContext | undefined;
}

/** Bounded in memory: the oldest forms are forgotten first (a forgotten form still works; it just shows fewer group names). */
export function createMemoryFormContextStore(maxForms = 20_000): FormContextStore {
  const forms = new Map<string, FormContext>();
  return {
    save(draftId, context) {
      if (forms.size >= maxForms) forms.delete(forms.keys().next().value as string);
      forms.set(draftId, context);
    },
    get(draftId) {
      return forms.get(draftId);
    }
  };
}
