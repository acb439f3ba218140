// What a form was opened with (its group choices), by draftId, so a failed submit can show the
// same form again with every input kept, without asking Graph for the groups a second time.
//
// Bounded three ways (issue 13: 20,000 message-action forms of ~30 KB held 1.16 GB when only
// their count was capped): by the bytes all forms hold together, by live forms per person (one
// person opening form after form only pushes out their own oldest), and by age. A forgotten form
// behaves exactly as one lost to a restart: the card still carries every input, so a Post posts
// the card's text (without a message action's formatting) and a retry form names the picked
// group "Selected group" or from the directory cache instead of listing the form's choices.
// The bounding itself is budgeted-memory-map.ts, shared with the own-view store. Async by contract
// (issue 14: several instances keep forms in Azure Blob Storage); a store that fails rejects.
import type { GroupChoice, PersonChoice } from '../cards/card-types';
import type { MessageFiles } from '../core/message-files';
import { createPerPersonMemoryStore, jsonBytes, type MemoryFigures, type PerPersonBudget } from './budgeted-memory-map';

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
  /**
   * A message action's files (issue 17): their names and links, and what could not come along.
   * The card carries only each file's place in this list; the links are read from here on Post.
   */
  files?: MessageFiles;
  /**
   * The preselected group (lowercase id) whose "hidden from Outlook" warning the form showed as it
   * opened (issue 17): Post to that group needs no "Post anyway". Server-side only, never card data.
   */
  hiddenWarned?: string;
}

export interface FormContextStore {
  save(draftId: string, context: FormContext): Promise<void>;
  get(draftId: string): Promise<FormContext | undefined>;
}

/** All forms' bytes, live forms per person (`openedBy`), and how long one is kept after it was saved. */
export type FormContextBudget = PerPersonBudget;

export const FORM_CONTEXT_DEFAULTS: Readonly<Omit<FormContextBudget, 'now'>> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  perPerson: 20,
  ttlMs: 24 * 60 * 60_000
});

/** The memory store, with what it holds right now (for tests and the memory figures). */
export interface MemoryFormContextStore extends FormContextStore, MemoryFigures {}

/** A form's size: what its JSON holds (UTF-16), its key, and a fixed overhead. */
export function formContextBytes(draftId: string, context: FormContext): number {
  return jsonBytes(draftId, context);
}

export function createMemoryFormContextStore(budget: Partial<FormContextBudget> = {}): MemoryFormContextStore {
  return createPerPersonMemoryStore<FormContext>(FORM_CONTEXT_DEFAULTS, budget, (context) => context.openedBy);
}
