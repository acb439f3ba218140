// What a person does in the Microsoft 365 Agents Playground's web UI, and what they read there,
// for the e2e suite (test/e2e/playground.suite.ts): kept apart so the suite reads as its scenarios.
import type { Locator, Page } from 'playwright-core';
import { say } from '../../src/core/words';

/**
 * Picks `names` in a card's group picker, as a person does, and returns the groups it offered. The
 * 1:1 chat's picker is a multi-select: the playground renders it as a combobox whose list stays open
 * while the person ticks groups (role menuitemcheckbox), so it is closed with Escape afterwards. The
 * dialog's and a channel's picker is a single-select combobox (role option) that closes on a pick.
 */
export async function pickGroups(page: Page, card: Locator, names: string[]): Promise<string[]> {
  const picker = card.getByRole('combobox', { name: say('input.group.label') });
  await picker.click();
  const ticks = page.getByRole('menuitemcheckbox');
  const options = page.getByRole('option');
  await ticks.or(options).first().waitFor({ timeout: 10_000 });
  const multi = (await ticks.count()) > 0;
  const choices = multi ? ticks : options;
  const offered = (await choices.allInnerTexts()).map((o) => o.trim());
  for (const name of names) {
    const choice = page.getByRole(multi ? 'menuitemcheckbox' : 'option', { name, exact: true });
    if (multi && (await choice.getAttribute('aria-checked')) === 'true') continue;
    await choice.click();
  }
  if (multi) {
    await page.keyboard.press('Escape');
    await ticks.first().waitFor({ state: 'detached', timeout: 5000 });
  }
  // What the picker shows is what the card submits: every picked group's name.
  const value = await picker.evaluate((e) => (e instanceof HTMLInputElement ? e.value : (e.textContent ?? '')));
  const shown = value.split(', ').filter(Boolean);
  expect([...shown].sort()).toEqual([...names].sort());
  return offered;
}

/**
 * The compose box: in a chat its only rich-text editor, in a channel the first ("Start a new post";
 * each post's reply box follows). Not "the first textbox": a card left in the chat with its inputs
 * (a form that showed a validation) comes before it in the page.
 */
export function composeBox(page: Page): Locator {
  return page.locator('[data-lexical-editor="true"]').first();
}

/**
 * Switches to a team channel as a person does: its entry in the side tree (named "Team - Channel"
 * by the playground, from .m365agentsplayground.yml), then waits for the channel's compose box.
 */
export async function openChannel(page: Page, team: string, channel: string): Promise<void> {
  await page.getByRole('treeitem', { name: `${team} - ${channel}`, exact: true }).click();
  await composeBox(page).waitFor();
}

/**
 * Sends `text` to the bot in a channel: a bot hears a channel post only when @mentioned, so the
 * mention is picked from the compose box's suggestions (a typed "@Name" alone is plain text).
 */
export async function mentionBot(page: Page, botName: string, text: string): Promise<void> {
  const compose = composeBox(page);
  await compose.click();
  await compose.pressSequentially(`@${botName.split(' ')[0]}`);
  await page.getByRole('menuitem', { name: botName }).click();
  await compose.pressSequentially(` ${text}`);
  await compose.press('Enter');
}

/**
 * A message's "…" (Show more information) → Action Command → the command as an Adaptive Cards
 * dialog, as a person opens the message action. The message's "…" is the nearest one at or above
 * `message` (the playground lines each up with its message's top).
 */
export async function openMessageAction(page: Page, message: Locator, commandId: string): Promise<void> {
  const y = (await message.boundingBox())?.y ?? 0;
  const menus = page.getByRole('button', { name: 'Show more information' });
  const boxes = await menus.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().y));
  const nearest = boxes.reduce((best, by, i) => (by <= y + 5 && (best < 0 || by > boxes[best]) ? i : best), -1);
  await menus.nth(nearest).click();
  await page.getByRole('menuitem', { name: 'Action Command' }).click();
  const setup = page.getByRole('dialog');
  await setup.getByPlaceholder('Input command id or leave blanks').fill(commandId);
  await setup.getByText('Adaptive Cards').click();
  await setup.getByRole('button', { name: 'Create' }).click();
}

export async function send(page: Page, text: string): Promise<void> {
  const compose = composeBox(page);
  await compose.fill(text);
  await compose.press('Enter');
}

/** The activities the bot sent since the log was cleared, as the playground's log panel details them. */
export async function botSends(page: Page): Promise<string[]> {
  const entries = page.getByText(/^(message|updateActivity|sendToConversation) \d{3}$/);
  const texts: string[] = [];
  for (let i = 0; i < (await entries.count()); i++) {
    const entry = entries.nth(i);
    const line = await entry.evaluate((e) => e.parentElement?.textContent ?? '');
    if (!line.includes('User Application -> ')) continue;
    await entry.click();
    texts.push(
      await page.evaluate(() => {
        // The panel shows the activity as a JSON tree (nested elements, one per line or node): the
        // element holding all of it is the longest whose text is one JSON object, braces included.
        const whole = Array.from(document.querySelectorAll('div, pre'))
          .map((d) => (d.textContent ?? '').trim())
          .filter((t) => t.startsWith('{') && t.endsWith('}'));
        return whole.sort((a, b) => b.length - a.length)[0] ?? '';
      })
    );
  }
  return texts;
}

export async function expectNone(locator: Locator, parts: string[]): Promise<void> {
  /* biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (the text
     as shown), not the DOM property. */
  const text = await locator.innerText();
  for (const part of parts) expect(text).not.toContain(part);
}

export async function expectCount(locator: Locator, n: number): Promise<void> {
  for (let i = 0; i < 150 && (await locator.count()) < n; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await locator.count()).toBe(n);
}

export async function expectText(locator: Locator, parts: string[]): Promise<void> {
  /* biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (the text
     as shown), not the DOM property. */
  const text = await locator.innerText();
  for (const part of parts) expect(text).toContain(part);
}

/** The reply form that `Reply` opened for `topic`: writes `text`, posts, and waits for "Reply sent". */
export async function postReply(page: Page, topic: string, text: string): Promise<void> {
  const form = page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: say('reply.title', { topic }) })
    .last();
  await form.waitFor({ timeout: 10_000 });
  await form.getByLabel(say('input.message.label')).fill(text);
  await form.getByRole('button', { name: say('button.post') }).click();
  await page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: say('replySent.title', { topic }) })
    .last()
    .waitFor({ timeout: 15_000 });
}
