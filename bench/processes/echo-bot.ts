// The ceiling for `npm run bench`: the smallest bot botbuilder can run. restify 11, one
// anonymous CloudAdapter (botbuilder's template setup, ConfigurationBotFrameworkAuthentication
// with no app id: no JWT check, as the bot in local mode), replies with one text; GET /healthz for
// the start scenario. Listens on 127.0.0.1 (port: first argument, or any free one) and reports its
// port over IPC; answers gc and memory; exits with the parent.
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { answerQuestions, sendReady, stopWithParent } from './child-side';
import { addHealthz, listenPort } from './healthz';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
});
addHealthz(server);

server.listen(listenPort(), '127.0.0.1', () => {
  // The start scenario spawns it without an IPC channel, as it spawns the bot's entry point.
  if (process.send) sendReady({ port: (server.address() as AddressInfo).port });
});
answerQuestions();
stopWithParent();
