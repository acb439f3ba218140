// The ceiling for `npm run bench`: the smallest bot botbuilder can run. restify 11, one
// anonymous CloudAdapter (botbuilder's template setup, ConfigurationBotFrameworkAuthentication
// with no app id: no JWT check, as the bot in local mode), replies with one text. Listens on
// 127.0.0.1:0 and reports its port over IPC; answers gc and memory; exits with the parent.
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { answerQuestions, sendReady, stopWithParent } from './child-side';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
});

server.listen(0, '127.0.0.1', () => sendReady({ port: (server.address() as AddressInfo).port }));
answerQuestions();
stopWithParent();
