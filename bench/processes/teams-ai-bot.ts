// The second baseline for `npm run bench` (issue 18): the smallest bot teams-ai 1.7 can run with the
// Application options the bot gives it (src/teams/app/create-bot-app.ts): removeRecipientMention,
// no typing timer, the default turn state (read and written each turn, as teams-ai does), in-memory
// storage, the anonymous TeamsAdapter local mode uses, on restify 11 as processes/echo-bot.ts. One
// route: `help`, answered with the bot's own help card (built code), so that the bot's `help` ÷ this
// is our cost and this ÷ the echo bot is the framework's. Listens on 127.0.0.1 (port: first argument,
// or any free one), reports its port over IPC, answers gc and memory, exits with the parent.
import type { AddressInfo } from 'node:net';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { CardFactory, MemoryStorage } from 'botbuilder';
import restify from 'restify';
import { cardCode } from '../built-code';
import { answerQuestions, sendReady, stopWithParent } from './child-side';
import { addHealthz, listenPort } from './healthz';

const { buildHelpCard } = cardCode();

const adapter = new TeamsAdapter({});
const app = new Application<TurnState>({
  adapter,
  storage: new MemoryStorage(),
  removeRecipientMention: true,
  startTypingTimer: false
});
app.message('help', async (context) => {
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(buildHelpCard())] });
});

const server = restify.createServer({ name: 'teams-ai-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await app.run(context);
  });
});
addHealthz(server);

server.listen(listenPort(), '127.0.0.1', () => {
  // The start scenario spawns it without an IPC channel, as it spawns the bot's entry point.
  if (process.send) sendReady({ port: (server.address() as AddressInfo).port });
});
answerQuestions();
stopWithParent();
