// What a form was opened with (its group choices), by draftId, so a failed submit can show the
// same form again with every input kept, without asking Graph for the groups a second time.
//
// Bounded three ways (issue 13: 20,000 message-action forms of ~30 KB held 1.16 GB when only
// their count was capped): by the bytes all forms hold together, by live forms per person (one
// person opening form after form only pushes out their own oldest), and by age. A forgotten form
// behaves exactly as one lost to a restart: the card still carries every input, so a Post posts
// the card's text (without a message action's formatting) and a retry form names the picked
// group "Selected group" or from the directory cache instead of listing the form's choices.
import type { GroupChoice, PersonChoice } from '../cards/card-types';

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

export interface FormContextBudget {
  /** All forms together, in UTF-16 bytes of what they hold. */
  maxBytes: number;
  /** Live forms per person (`openedBy`); opening one more forgets their oldest. */
  perPerson: number;
  /** A form is forgotten this long after it was saved. */
  ttlMs: number;
  now: () => number;
}

export const FORM_CONTEXT_DEFAULTS: Readonly<Omit<FormContextBudget, 'now'>> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  perPerson: 20,
  ttlMs: 24 * 60 * 60_000
});

/** The memory store, with what it holds right now (for tests and the memory figures). */
export interface MemoryFormContextStore extends FormContextStore {
  readonly bytes: number;
  readonly size: number;
}

interface Held {
  context: FormContext;
  bytes: number;
  savedAt: number;
}

// The Map, its entry and the per-person list cost something beyond the strings themselves.
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * A form's size: its JSON's length ×2 (JS strings are UTF-16), its key, and a fixed overhead.
 * JSON.stringify walks the context once: the same order of work as building the form's card.
 */
export function formContextBytes(draftId: string, context: FormContext): number {
  return (JSON.stringify(context).length + draftId.length) * 2 + ENTRY_OVERHEAD_BYTES;
}

export function createMemoryFormContextStore(budget: Partial<FormContextBudget> = {}): MemoryFormContextStore {
  const { maxBytes, perPerson, ttlMs } = { ...FORM_CONTEXT_DEFAULTS, ...budget };
  const now = budget.now ?? Date.now;
  // Insertion order is save order: the first entry is always the oldest, so both the byte budget
  // and the TTL drop from the front, and each save costs O(forms it forgets).
  const forms = new Map<string, Held>();
  const byPerson = new Map<string, string[]>();
  let bytes = 0;

  const forget = (draftId: string): void => {
    const held = forms.get(draftId);
    if (!held) return;
    forms.delete(draftId);
    bytes -= held.bytes;
    const person = held.context.openedBy;
    const ids = byPerson.get(person);
    if (!ids) return;
    // At most `perPerson` ids: a linear search is cheap.
    const at = ids.indexOf(draftId);
    if (at >= 0) ids.splice(at, 1);
    if (ids.length === 0) byPerson.delete(person);
  };
  const expired = (held: Held, at: number) => at - held.savedAt >= ttlMs;
  const forgetExpired = (at: number): void => {
    for (const [draftId, held] of forms) {
      if (!expired(held, at)) break;
      forget(draftId);
    }
  };

  return {
    get bytes() {
      return bytes;
    },
    get size() {
      return forms.size;
    },
    save(draftId, context) {
      const at = now();
      forget(draftId);
      forgetExpired(at);
      const size = formContextBytes(draftId, context);
      // A single form over the whole budget is not kept: it behaves as a forgotten one.
      if (size > maxBytes) return;
      const ids = byPerson.get(context.openedBy) ?? [];
      while (ids.length >= perPerson) forget(ids[0] as string);
      while (bytes + size > maxBytes) {
        const oldest = forms.keys().next();
        if (oldest.done) break;
        forget(oldest.value);
      }
      forms.set(draftId, { context, bytes: size, savedAt: at });
      bytes += size;
      ids.push(draftId);
      byPerson.set(context.openedBy, ids);
    },
    get(draftId) {
      const held = forms.get(draftId);
      if (!held) return undefined;
      if (expired(held, now())) {
        forget(draftId);
        return undefined;
      }
      return held.context;
    }
  };
}
