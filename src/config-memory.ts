// The memory budgets as settings (issue 13): no person, and no crowd of people, grows the process
// without bound. Parsed here for src/config.ts (still the only reader of the environment), which
// passes its integer parser in.
import type { IntegerSetting } from './config-edge';

export interface MemoryBudgets {
  /** FORM_STORE_MAX_BYTES: what all open forms' server-side context may hold together (UTF-16 bytes). */
  formStoreMaxBytes: number;
  /** FORMS_PER_PERSON: live forms kept per person; opening one more forgets their oldest. */
  formsPerPerson: number;
  /** FORM_TTL_HOURS, in ms: a form's context is forgotten this long after it was opened. */
  formTtlMs: number;
  /** OWN_VIEW_STORE_MAX_BYTES: what all own views of shared cards may hold together (UTF-16 bytes). */
  ownViewStoreMaxBytes: number;
  /** OWN_VIEWS_PER_PERSON: own views kept per person; one more forgets their oldest. */
  ownViewsPerPerson: number;
  /** OWN_VIEW_TTL_HOURS, in ms: an own view is forgotten this long after it was saved. */
  ownViewTtlMs: number;
  /** TOKEN_CACHE_IDLE_DAYS, in ms: a signed-in account unused this long leaves msal's token cache. */
  tokenCacheIdleMs: number;
  /** TOKEN_CACHE_MAX_ACCOUNTS: accounts in msal's token cache; beyond it the least recently used go. */
  tokenCacheMaxAccounts: number;
}

const HOUR_MS = 60 * 60_000;
const MB = 1024 * 1024;

export function parseMemoryBudgets(int: IntegerSetting): MemoryBudgets {
  // Bytes, not a count: one message-action form can hold ~30 KB, so 20,000 of them held 1.16 GB.
  const formStoreMaxBytes = int('FORM_STORE_MAX_BYTES', 64 * MB, MB, 4096 * MB);
  const formsPerPerson = int('FORMS_PER_PERSON', 20, 1, 1000);
  const formTtlHours = int('FORM_TTL_HOURS', 24, 1, 24 * 30);
  // A person's own view of a shared card holds two cards, one maybe the form again with a long message.
  const ownViewStoreMaxBytes = int('OWN_VIEW_STORE_MAX_BYTES', 32 * MB, MB, 4096 * MB);
  const ownViewsPerPerson = int('OWN_VIEWS_PER_PERSON', 20, 1, 1000);
  // Its own age, not FORM_TTL_HOURS: a form's context is needed while the form is open, an own view
  // until the person comes back to the chat (Teams refreshes it then). Shortening one should not
  // silently shorten the other, and the privacy page states the two apart.
  const ownViewTtlHours = int('OWN_VIEW_TTL_HOURS', 24, 1, 24 * 30);
  const idleDays = int('TOKEN_CACHE_IDLE_DAYS', 7, 1, 365);
  const tokenCacheMaxAccounts = int('TOKEN_CACHE_MAX_ACCOUNTS', 10_000, 1, 1_000_000);
  return {
    formStoreMaxBytes,
    formsPerPerson,
    formTtlMs: formTtlHours * HOUR_MS,
    ownViewStoreMaxBytes,
    ownViewsPerPerson,
    ownViewTtlMs: ownViewTtlHours * HOUR_MS,
    tokenCacheIdleMs: idleDays * 24 * HOUR_MS,
    tokenCacheMaxAccounts
  };
}
