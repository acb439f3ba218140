// What every FormContextStore must do (memory, Blob): a form's groups, people and message-action
// HTML kept by draftId for its TTL, and on Blob read by another instance than the one that saved
// it (a form opened on A and posted on B). Run by test/integration/storage-contracts.test.ts.
import type { FormContext, FormContextStore } from '../../src/storage/form-context-store';
import { type CacheBudget, describeServerKeptCacheContract } from './server-kept-cache.contract';

const KB = 1024;

/** A message-action form holding about `kb` KB of message (text and HTML), as the 30 KB ones. */
export function messageForm(person: string, kb: number): FormContext {
  // Four bytes a repeat in UTF-16 text and its HTML; an emoji and a lone surrogate must come back exactly.
  const text = `Q3 plan 😀 \uD83D ${'x'.repeat(Math.max(0, (kb * KB) / 4 - 16))}`;
  return {
    openedBy: person,
    groups: [
      { id: '11111111-1111-4111-8111-111111111111', displayName: 'Sales' },
      { id: '22222222-2222-4222-8222-222222222222', displayName: 'Marketing & "PR" <EU>' }
    ],
    searchGroups: true,
    people: [{ id: '33333333-3333-4333-8333-333333333333', displayName: 'Bob Kelly' }],
    messageBody: { text, html: `<p><b>${text}</b></p>` }
  };
}

export function describeFormContextStoreContract(
  name: string,
  make: (budget?: CacheBudget) => Promise<FormContextStore>,
  twoInstances?: () => Promise<[FormContextStore, FormContextStore]>
): void {
  describeServerKeptCacheContract<FormContext>(`form context store contract: ${name}`, {
    make,
    twoInstances,
    entry: messageForm
  });
}
