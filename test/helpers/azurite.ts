// One Azurite per test file (azurite-process.ts starts and stops it): not skipped when it cannot
// start, since it is installed with the project, so that is a failure.
import { rmSync } from 'node:fs';
import { type Azurite, startAzurite } from './azurite-process';

export { type Azurite, startAzurite } from './azurite-process';

/** One Azurite for the file: started in beforeAll, stopped (by PID) and its folder removed in afterAll. */
export function useAzurite(): () => Azurite {
  let azurite: Azurite | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 30_000);
  afterAll(async () => {
    if (!azurite) return;
    await azurite.stop();
    rmSync(azurite.location, { recursive: true, force: true });
  });
  return () => {
    if (!azurite) throw new Error('useAzurite(): Azurite is not running (call it at the top of a describe)');
    return azurite;
  };
}
