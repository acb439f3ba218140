// Following a group in a channel (issue 16) as people see it: Alex types `follow` in the team's
// General channel of the Microsoft 365 Agents Playground, Megan posts and replies in the team's group
// (the Graph sandbox's control routes, as if she had used Outlook), and the bot's proactive card for
// that thread appears in the channel and is updated in place. The path between is the real one:
// the sandbox's change notifications → the bot's /api/notifications → the worker →
// continueConversation → the playground's connector.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, ROOT, chromiumAvailable, describeIf, startLocal, type LocalBot } from '../helpers/local-process';
import { expectCount, expectText, mentionBot, openChannel } from '../helpers/playground-page';
import { sandboxControl, type Control } from '../helpers/sandbox-control';
import { SEED, SEED_USER_IDS as U, TEAM_GROUP_ID } from '../../src/sandbox';
import { outlookGroupUrl } from '../../src/core/outlook-link';
import { say } from '../../src/core/words';

jest.setTimeout(180_000);

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const BOT = 'Group Conversations';
const TEAM = 'Contoso Team';
const TOPIC = 'Offsite agenda';
/** Notifications are asynchronous (sandbox → bot → queue → worker → connector, paced 1/s a channel). */
const ARRIVES_MS = 30_000;

describeIf(
  chromiumAvailable,
  `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`,
  'Agents Playground: following a group in a channel',
  () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gcbot-e2e-follow-'));
    let bot: LocalBot;
    let browser: Browser;
    let page: Page;
    let control: Control;
    let threadId: string;

    beforeAll(async () => {
      bot = await startLocal({ playground: true, dataDir });
      control = sandboxControl(bot.sandboxUrl);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
      await page.goto(bot.playgroundUrl as string);
      await openChannel(page, TEAM, 'General');
    });
    afterAll(async () => {
      await browser?.close();
      await bot?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const cards = () => page.locator('.ac-adaptiveCard');
    /** The followed thread's cards: the bot's own, not the reply form that names the same topic. */
    const threadCards = () =>
      cards()
        .filter({ hasText: say('thread.group', { group: TEAM }) })
        .filter({ hasText: TOPIC });
    const shot = async (name: string) => {
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-results', `playground-follow-${name}.png`) });
    };

    it('follow in General → "Following Contoso Team", subscribed as Alex to the bot’s URL', async () => {
      await mentionBot(page, BOT, 'follow');
      const confirmed = cards().filter({ hasText: say('follow.confirmedTitle', { group: TEAM }) });
      await confirmed.waitFor({ timeout: 15_000 });
      await expectText(confirmed, [`Alex Wilber set this channel to follow ${TEAM}`]);
      const { subscriptions } = await control('GET', '/subscriptions');
      expect(subscriptions).toHaveLength(1);
      expect(subscriptions[0]).toMatchObject({
        groupId: TEAM_GROUP_ID,
        creatorId: U.alex,
        notificationUrl: `${bot.botUrl}/api/notifications`,
        expired: false
      });
    });

    it('Megan starts a conversation in the group → one card in the channel, posted by the bot', async () => {
      const posted = await control('POST', `/groups/${TEAM_GROUP_ID}/conversations`, {
        as: U.megan,
        topic: TOPIC,
        body: 'Draft agenda attached.'
      });
      threadId = posted.threadId;
      await threadCards().first().waitFor({ timeout: ARRIVES_MS });
      await expectText(threadCards(), [
        TOPIC,
        'Megan Bowen',
        'Draft agenda attached.',
        say('button.reply'),
        say('button.openInOutlook')
      ]);
      expect(await threadCards().count()).toBe(1);
      // Open in Outlook is an Action.OpenUrl: the playground renders it as a button of role link,
      // no href, with the address as its title (clicking would open a window this machine cannot load).
      const outlook = threadCards().getByRole('link', { name: say('button.openInOutlook') });
      const team = SEED.groups.find((g) => g.id === TEAM_GROUP_ID)!;
      expect(await outlook.getAttribute('title')).toBe(outlookGroupUrl(team.mail));
      // Proactive, into this channel only: another channel of the team does not show it.
      await openChannel(page, TEAM, 'Announcements');
      await page.waitForTimeout(500);
      expect(await threadCards().count()).toBe(0);
      await openChannel(page, TEAM, 'General');
      await threadCards().first().waitFor({ timeout: 10_000 });
      await shot('thread');
    });

    it('Megan replies → the same card says "1 new reply" with her reply, still one card', async () => {
      await control('POST', `/groups/${TEAM_GROUP_ID}/threads/${threadId}/reply`, {
        as: U.megan,
        body: 'Added the dinner.'
      });
      const updated = threadCards().filter({ hasText: say('thread.newReplies', { count: 1 }) });
      await updated.waitFor({ timeout: ARRIVES_MS });
      await expectText(updated, ['Added the dinner.', 'Draft agenda attached.']);
      expect(await threadCards().count()).toBe(1);
      await shot('reply');
    });

    it('Reply on the card → the reply form → Post → the reply is in the group, from Alex', async () => {
      await threadCards()
        .getByRole('button', { name: say('button.reply') })
        .click();
      const form = cards()
        .filter({ hasText: say('reply.title', { topic: TOPIC }) })
        .last();
      await form.waitFor({ timeout: 10_000 });
      await form.getByLabel(say('input.message.label')).fill('Count me in.');
      await form.getByRole('button', { name: say('button.post') }).click();
      // Alex's answer ("Reply sent to …") replaces the card in place, and so does the bot's update
      // of the thread's card once Graph tells it of this very reply: locally that comes within
      // milliseconds (in Teams, seconds or more), so either may be what the card shows now.
      const sent = cards().filter({ hasText: say('replySent.title', { topic: TOPIC }) });
      const updated = threadCards().filter({ hasText: say('thread.newReplies', { count: 2 }) });
      await sent.or(updated).last().waitFor({ timeout: 15_000 });

      const state = await (await fetch(`${bot.sandboxUrl}/_sandbox/state`)).json();
      const [conversation] = state.conversations.filter((c: any) => c.topic === TOPIC);
      const posts = conversation.threads[0].posts;
      expect(posts).toHaveLength(3);
      expect(posts[2].from).toBe(U.alex);
      expect(posts[2].body).toEqual({ contentType: 'html', content: 'Count me in.' });
    });

    it('Alex’s reply comes back as a notification: the card shows "2 new replies", latest from Alex', async () => {
      const updated = threadCards().filter({ hasText: say('thread.newReplies', { count: 2 }) });
      await updated.waitFor({ timeout: ARRIVES_MS });
      await expectText(updated, ['Alex Wilber', 'Count me in.']);
      await expectCount(threadCards(), 1);
      await shot('own-reply');
    });

    it('following lists the follow; unfollow stops it (Alex set it up) and deletes the subscription', async () => {
      await mentionBot(page, BOT, 'following');
      const listed = cards()
        .filter({ hasText: say('following.title') })
        .last();
      await listed.waitFor({ timeout: 15_000 });
      await expectText(listed, [`${TEAM}, set up by Alex Wilber`]);

      await mentionBot(page, BOT, 'unfollow');
      await cards()
        .filter({ hasText: say('unfollow.doneTitle', { group: TEAM }) })
        .last()
        .waitFor({ timeout: 15_000 });
      expect((await control('GET', '/subscriptions')).subscriptions).toHaveLength(0);
    });
  }
);
