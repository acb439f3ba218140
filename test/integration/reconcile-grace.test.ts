// RECONCILE_GRACE_MS reaches the post path: after an uncertain create (503), a Try again within
// the grace looks in the group, finds nothing yet and does NOT post again (Graph may still be
// committing the first attempt); the person is told how long to wait. With no grace it posts.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { ALICE } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import { GRAPH, nockCreateConversation, nockGetGroup, nockReconcileCreate } from '../helpers/graph-nock';
import { banner } from '../helpers/card-readers';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';

const TOKEN = `sandbox.${ALICE.aadObjectId}`;
const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const ME = { id: ALICE.aadObjectId, displayName: ALICE.name, mail: ALICE.mail };
const post = () => createInvoke({ groupId: GROUP.id, participants: '', otherEmails: '' });
const unknownAfter = (seconds?: number) => {
  const { title, text } = describeError(new AppError('post_status_unknown', 'test', { retryAfterSeconds: seconds }));
  return { title, text };
};

async function uncertainPostThenTryAgain(
  bot: TestBot
): Promise<{ first: unknown; again: unknown; seen: Conversation[] }> {
  const seen: Conversation[] = [];
  nockGetGroup(TOKEN, GROUP).persist();
  nockCreateConversation(TOKEN, GROUP.id, seen, { status: 503 });
  nockCreateConversation(TOKEN, GROUP.id, seen, { status: 201 });
  for (const scope of nockReconcileCreate(TOKEN, GROUP.id, ME, [], 2)) scope.persist();
  const first = (await bot.post('/api/messages', post())).body.value;
  const again = (await bot.post('/api/messages', post())).body.value;
  return { first, again, seen };
}

describe('Reconcile grace (RECONCILE_GRACE_MS) through the HTTP edge: within the grace', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0`, RECONCILE_GRACE_MS: '60000' } });

  it('"wait N seconds", and the second press posts nothing', async () => {
    const { first, again, seen } = await uncertainPostThenTryAgain(bot);
    expect(banner(first)).toEqual(unknownAfter(60));
    expect(banner(again)?.title).toBe(unknownAfter(60).title);
    expect([unknownAfter(59).text, unknownAfter(60).text]).toContain(banner(again)?.text);
    expect(seen).toHaveLength(1);
  });
});

describe('Reconcile grace (RECONCILE_GRACE_MS) through the HTTP edge: without a grace', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0`, RECONCILE_GRACE_MS: '0' } });

  it('the second press looks, finds nothing and posts once', async () => {
    const { first, again, seen } = await uncertainPostThenTryAgain(bot);
    expect(banner(first)).toEqual(unknownAfter(undefined));
    expect(banner(again)).toBeUndefined();
    expect(seen).toHaveLength(2);
  });
});
