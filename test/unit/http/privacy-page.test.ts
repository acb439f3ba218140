// The privacy page says exactly how long what is kept (issue 13): every store, with the numbers
// the bot runs with, and tokens as they really are (refresh tokens outlive an access token).
import { loadConfig } from '../../../src/config';
import { buildBot } from '../../../src/create-bot';
import { DEFAULT_RETENTION, PRIVACY_PAGE, privacyPage } from '../../../src/http/info-pages';
import { createLogger } from '../../../src/logger';

const text = (html: string) =>
  html
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('privacy page', () => {
  it('states every retention with the defaults, and no longer says tokens last "until they expire"', () => {
    const page = text(PRIVACY_PAGE);
    expect(page).toContain('until you have not used the bot for 7 days, or until the bot restarts');
    expect(page).toContain('refresh token');
    expect(page).toContain('at most 10,000 people');
    expect(page).toContain('24 hours after you opened it, at most your 20 forms most recently opened');
    expect(page).toContain('24 hours after it was made, at most your 20 views most recently made');
    expect(page).toContain('Try again still has it: 24 hours, and 15 minutes once it is posted');
    expect(page).toContain('Where "More" goes next on a list of conversations: 24 hours');
    expect(page).toContain('(at most 30, to list them first): 180 days after you last used each');
    expect(page).toContain('so that pressing Post twice never posts twice: 30 days');
    expect(page).toContain('does not keep the message body');
    expect(page).toContain('Retry the failed ones still has it: 24 hours after it last changed');
    // Following a group (issue 16): the follower's sign-in is kept at rest, and the follow itself.
    expect(page).toContain("renew the group's subscription as you while you are away");
    expect(page).toContain('or it has not been used for 90 days');
    expect(page).toContain('until the channel stops following, then 30 days');
    // Issue 17: the hidden-from-Outlook flag is a group's, kept minutes; the inbox setting is Microsoft 365's.
    expect(page).toContain('Whether a group is hidden from Outlook');
    expect(page).toContain('read to warn you before you post there), in memory: 5 minutes');
    expect(page).toContain('the bot changes it as you, and keeps nothing of it');
    // The compose box's search: what it looked through, for that person alone, a minute; a message's files.
    expect(page).toContain('recent conversations, read as you), in memory and only for your own searches: 1 minute');
    expect(page).toContain('the names and links of its files');
    expect(page).not.toContain('until it expires');
  });

  it('states the configured numbers, not the defaults', () => {
    const page = text(
      privacyPage({
        ...DEFAULT_RETENTION,
        tokenIdleDays: 3,
        formTtlHours: 2,
        formsPerPerson: 5,
        ownViewHours: 6,
        ownViewsPerPerson: 1
      })
    );
    expect(page).toContain('until you have not used the bot for 3 days');
    expect(page).toContain('2 hours after you opened it, at most your 5 forms');
    expect(page).toContain('6 hours after it was made, at most your 1 view most recently made');
  });

  it('the bot serves it with its configuration (TOKEN_CACHE_IDLE_DAYS, FORM_*, OWN_VIEW*)', async () => {
    const config = loadConfig({
      DATA_DIR: ':memory:',
      TOKEN_CACHE_IDLE_DAYS: '2',
      FORM_TTL_HOURS: '1',
      FORMS_PER_PERSON: '3',
      OWN_VIEW_TTL_HOURS: '4',
      OWN_VIEWS_PER_PERSON: '2',
      TOKEN_CACHE_MAX_ACCOUNTS: '500',
      BROADCAST_KEEP_HOURS: '6'
    });
    const bot = buildBot(config, { logger: createLogger('silent') });
    try {
      await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', resolve));
      const { port } = bot.server.address();
      const page = text(await (await fetch(`http://127.0.0.1:${port}/privacy`)).text());
      expect(page).toContain('until you have not used the bot for 2 days');
      expect(page).toContain('at most 500 people');
      expect(page).toContain('1 hour after you opened it, at most your 3 forms');
      expect(page).toContain('4 hours after it was made, at most your 2 views');
      expect(page).toContain('Retry the failed ones still has it: 6 hours after it last changed');
    } finally {
      bot.server.close();
      bot.close();
    }
  });
});
