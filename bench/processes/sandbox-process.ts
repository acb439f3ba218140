// The Graph sandbox for `npm run bench`, in its own process (as Microsoft Graph is a separate
// service, and so that its work is not counted in the bot's event loop). Built code, any free
// loopback port, data in the folder given as the first argument. Reports its URLs over IPC;
// exits with the parent.
import { sandboxCode } from '../built-code';
import { answerQuestions, sendReady, stopWithParent } from './child-side';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('sandbox-process: pass the data folder as the first argument');

const sandbox = sandboxCode().createGraphSandbox({ dataDir, latencyMs: 0 });
sandbox.listen(0).then(({ port, origin, baseUrl }) => sendReady({ port, origin, baseUrl }));
answerQuestions();
stopWithParent(() => sandbox.close());
