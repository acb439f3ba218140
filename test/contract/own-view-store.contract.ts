// What every OwnViewStore must do (memory, Blob): the person's card and the shared card kept by
// viewId for their TTL, and on Blob read by another instance than the one that saved them (Teams
// may send the refresh to any). Run by test/integration/storage-contracts.test.ts.
import type { AdaptiveCard } from '../../src/cards/card-types';
import type { OwnView, OwnViewStore } from '../../src/storage/own-view-store';
import { type CacheBudget, describeServerKeptCacheContract } from './server-kept-cache.contract';

const KB = 1024;

const card = (text: string): AdaptiveCard => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text, wrap: true }]
});

/** The form again with about `kb` KB of the person's text (UTF-16: two bytes a character), and the neutral card. */
export function ownView(person: string, kb: number): OwnView {
  return {
    aadObjectId: person,
    card: card(`Posted 😀 \uDE00 ${'x'.repeat(Math.max(0, (kb * KB) / 2 - 16))}`),
    shared: card('Alice posted to a group conversation.')
  };
}

export function describeOwnViewStoreContract(
  name: string,
  make: (budget?: CacheBudget) => Promise<OwnViewStore>,
  twoInstances?: () => Promise<[OwnViewStore, OwnViewStore]>
): void {
  describeServerKeptCacheContract<OwnView>(`own view store contract: ${name}`, { make, twoInstances, entry: ownView });
}
