// The Graph sandbox for `npm run bench`, in its own process (as Microsoft Graph is a separate
// service, and so that its work is not counted in the bot's event loop). Built code, any free
// loopback port, data in BENCH_SANDBOX_DIR. Reports its URLs over IPC; exits with the parent.
'use strict';
const path = require('node:path');
const { createGraphSandbox } = require(path.join(__dirname, '..', 'dist', 'src', 'sandbox'));

const sandbox = createGraphSandbox({ dataDir: process.env.BENCH_SANDBOX_DIR, latencyMs: 0 });
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  sandbox.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};

sandbox.listen(0).then(({ port, origin, baseUrl }) => process.send({ type: 'ready', port, origin, baseUrl }));
process.on('message', (msg) => {
  if (msg?.type === 'memory') process.send({ type: 'memory', id: msg.id, memory: process.memoryUsage() });
});
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
