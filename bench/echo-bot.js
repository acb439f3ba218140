// The ceiling for `npm run bench`: the smallest bot botbuilder can run. restify 11, one
// anonymous CloudAdapter (botbuilder's template setup, ConfigurationBotFrameworkAuthentication
// with no app id: no JWT check, as the bot in local mode), replies with one
// text. Listens on 127.0.0.1:0 and reports its port over IPC; answers {type:'gc'} and
// {type:'memory'}; exits when the parent goes away.
'use strict';
const restify = require('restify');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', port: server.address().port });
});

process.on('message', (msg) => {
  if (msg?.type === 'gc') {
    global.gc?.();
    process.send({ type: 'gc', id: msg.id });
  } else if (msg?.type === 'memory') {
    process.send({ type: 'memory', id: msg.id, memory: process.memoryUsage() });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
