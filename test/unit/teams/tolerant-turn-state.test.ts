// teams-ai's turn state when its storage fails: a turn that keeps nothing goes on with empty state
// and writes nothing back; a turn that needs it (the sign-in) fails with storage_unavailable.
import type { Storage, TurnContext } from 'botbuilder';
import { TolerantTurnState } from '../../../src/teams/app/tolerant-turn-state';
import { AppError } from '../../../src/core/errors';
import type { Logger } from '../../../src/logger';
import { storageDown } from '../../helpers/state-storage';

const context = {
  activity: {
    channelId: 'msteams',
    recipient: { id: '28:bot' },
    conversation: { id: 'a:1personal-chat-alice' },
    from: { id: '29:alice' }
  }
} as unknown as TurnContext;

function storage(over: Partial<Storage> = {}): Storage & { written: unknown[] } {
  const written: unknown[] = [];
  return {
    written,
    read: async () => ({}),
    write: async (changes) => void written.push(changes),
    delete: async () => undefined,
    ...over
  };
}

function turnState(keepsState: boolean) {
  const warnings: unknown[] = [];
  const log = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
  return {
    state: new TolerantTurnState(
      () => keepsState,
      () => log
    ),
    warnings
  };
}

describe('TolerantTurnState', () => {
  it('read fails on a turn that keeps nothing → empty state, one warning, nothing written back', async () => {
    const { state, warnings } = turnState(false);
    const store = storage({ read: async () => Promise.reject(storageDown()) });

    await state.load(context, store);
    expect(state.conversation).toEqual({});
    state.setValue('conversation.changed', true);
    await state.save(context, store);

    expect(store.written).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('read fails on a turn that needs the state → storage_unavailable, with the cause', async () => {
    const { state } = turnState(true);
    const down = storageDown();

    const loading = state.load(context, storage({ read: async () => Promise.reject(down) }));

    await expect(loading).rejects.toBeInstanceOf(AppError);
    await expect(loading).rejects.toMatchObject({ code: 'storage_unavailable', cause: down });
  });

  it('a write that fails → storage_unavailable; a lost eTag race stays what it is', async () => {
    const conflict = new Error('Storage: error writing "x" due to eTag conflict.');
    for (const [failure, expected] of [
      [storageDown(), { code: 'storage_unavailable' }],
      [conflict, conflict]
    ] as const) {
      const { state } = turnState(true);
      const store = storage({ write: async () => Promise.reject(failure) });
      await state.load(context, store);
      state.setValue('conversation.changed', true);
      await expect(state.save(context, store)).rejects.toMatchObject(expected);
    }
  });

  it('reads and writes as teams-ai does when the storage answers', async () => {
    const { state } = turnState(true);
    const store = storage({
      read: async (keys) => ({ [keys[0]]: { eTag: '1', dialog: 'x' } })
    });
    await state.load(context, store);
    expect(state.conversation).toMatchObject({ dialog: 'x' });
    state.setValue('conversation.dialog', 'y');
    await state.save(context, store);
    expect(store.written).toEqual([
      { 'msteams/28:bot/conversations/a:1personal-chat-alice': { eTag: '1', dialog: 'y' } }
    ]);
  });
});
