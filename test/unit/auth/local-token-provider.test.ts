// Local mode's tokens are derived from the person's id, so offline access always works (issue 16:
// a followed group's subscription is renewed in the sandbox as in Teams).
import { createLocalTokenProvider } from '../../../src/auth/local-token-provider';

const ALEX = { aadObjectId: '418D916C-960C-47BD-A550-153891E29D69' };

describe('local token provider: offline access', () => {
  it('keeps, answers the same derived token after a "restart", and forgets without error', async () => {
    const offline = createLocalTokenProvider().offline;
    await expect(offline?.keep(ALEX)).resolves.toBe(true);
    await expect(createLocalTokenProvider().offline?.token(ALEX)).resolves.toBe(
      'sandbox.418d916c-960c-47bd-a550-153891e29d69'
    );
    await expect(offline?.forget(ALEX)).resolves.toBeUndefined();
  });
});
