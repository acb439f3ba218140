// An invoke whose turn fails unexpectedly (a bug, a store that is down) is still answered in the
// shape its surface documents, never an HTTP 500: Teams would retry it and then show "Unable to
// reach the app". useTestBot's post() checks each answer against the invoke contract as well.
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { createInvoke, fixture } from '../helpers/fixtures';
import { describeError } from '../../src/core/describe-error';

const INTERNAL = describeError(new Error('boom')).text;

describe('Teams mode: an invoke whose turn fails is answered as its surface documents', () => {
  const bot = useTestBot({ teams: true });

  /** The pop-up's code store fails: every invoke that carries a code meets it first. */
  const breakCodeStore = () => {
    const signIn = bot.bot.deps.signIn;
    if (!signIn) throw new Error('Teams mode has the sign-in pop-up');
    signIn.acceptCode = async () => {
      throw new Error('code store unavailable');
    };
  };
  const CODE = 'AAAAAAAAAAAAAAAAAAAAAA';

  it('a card action → 200 with a 500 application/vnd.microsoft.error (the card stays)', async () => {
    breakCodeStore();
    const res = await bot.post(
      '/api/messages',
      createInvoke({}, (a) => (a.value.state = CODE)),
      teamsAuth()
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      statusCode: 500,
      type: 'application/vnd.microsoft.error',
      value: { code: 'internal', message: INTERNAL }
    });
  });

  it.each(['invoke-message-action-fetch', 'invoke-message-action-submit'])(
    '%s → 200 with a task message (the dialog says what happened)',
    async (name) => {
      breakCodeStore();
      const res = await bot.post(
        '/api/messages',
        fixture(name, (a) => (a.value.state = CODE)),
        teamsAuth()
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ task: { type: 'message', value: INTERNAL } });
    }
  );

  it('a log line at error level says the turn failed, without the code', async () => {
    breakCodeStore();
    await bot.post(
      '/api/messages',
      createInvoke({}, (a) => (a.value.state = CODE)),
      teamsAuth()
    );
    const failed = bot.logs.map((l) => JSON.parse(l)).filter((l) => l.level === 50);
    expect(failed.map((l) => l.msg)).toEqual(['unhandled error in turn']);
    expect(bot.logs.join('\n')).not.toContain(CODE);
  });
});
