// Issue 15 at the HTTP edge: one announcement to ten groups of the Graph sandbox, from the 1:1
// chat's form, with faults on some groups (429 with Retry-After, 503 after the write committed,
// 504, 403). The invoke is answered at once with the progress card; the bot then updates that
// card through the playground's loopback connector (nocked), at most about once a second, ending
// with the summary. Every group that allows it ends with exactly one conversation, the summary
// tells each group's outcome truthfully, and Retry the failed ones posts only to the failed.
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { cardAction } from '../helpers/conversation-nock';
import { PLAYGROUND_SERVICE_URL } from '../helpers/bot-framework-auth';
import { assertValidCard } from '../helpers/card-schema';
import { cardTexts, findAction } from '../helpers/card-readers';
import { asAlex, captureCardUpdates, pressPost, useBroadcastSandbox, type Node } from '../helpers/broadcast-sandbox';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { describeError } from '../../src/core/describe-error';
import { AppError } from '../../src/core/errors';
import { say } from '../../src/core/words';
import { fixture } from '../helpers/fixtures';

const { baseUrl, control, newGroups, conversationsIn } = useBroadcastSandbox();
const post = pressPost;

const idle = (bot: TestBot) => bot.bot.deps.broadcaster.idle();

describe(`a broadcast to ten groups (${sandboxVariant().name})`, () => {
  const bot = useTestBot({
    per: 'describe',
    // The second look at a group whose post is uncertain runs, as in production, once the grace is over.
    schedule: (delayMs, task) => void setTimeout(() => void task(), delayMs),
    env: () => ({
      GRAPH_BASE_URL: baseUrl(),
      RECONCILE_GRACE_MS: '0',
      POSTS_PER_MINUTE: '1000',
      ...sandboxVariant().botEnv
    })
  });

  it('posts once to each group that allows it, tells each outcome, and Retry posts only the failed', async () => {
    const groups = await newGroups(10);
    const topic = `All hands ${randomUUID().slice(0, 8)}`;
    const at = (i: number) => `/groups/${groups[i]?.id}/conversations$`;
    // Group 1: throttled once (Retry-After 1 s), then fine. Group 2: the write commits, the
    // answer is a 503 (found by the look that follows). Group 3: 504 before anything is written
    // (checking, until the second look finds it certainly absent). Group 4: access denied.
    await control('POST', '/faults', { method: 'POST', path: at(1), status: 429, retryAfter: 1, times: 1 });
    await control('POST', '/faults', { method: 'POST', path: at(2), status: 503, afterCommit: true, times: 1 });
    await control('POST', '/faults', { method: 'POST', path: at(3), status: 504, times: 1 });
    await control('POST', '/faults', { method: 'POST', path: at(4), status: 403, times: 1 });
    const capture = captureCardUpdates();
    const draftId = randomUUID();
    const form = { draftId, groupId: groups.map((g) => g.id).join(','), topic, body: 'Town hall on Friday.' };

    const first = await post(bot, form);
    expect(first.body[0].text).toBe(say('broadcast.posting', { total: 10 }));
    // A second click while it runs: the same card, nothing posted again.
    const second = await post(bot, form);
    expect(second.body[0].text).toBe(say('broadcast.posting', { total: 10 }));
    await idle(bot);
    const firstRun = capture.updates.splice(0);

    for (const [i, g] of groups.entries()) expect(await conversationsIn(g.id, topic)).toBe(i === 3 || i === 4 ? 0 : 1);
    const summary = firstRun.at(-1)?.card as Node;
    assertValidCard(summary);
    expect(summary.body[0].text).toBe(say('broadcast.summary', { posted: 8, total: 10 }));
    const lines = cardTexts(summary);
    const reason = (code: AppError['code']) => describeError(new AppError(code, 'x'), 'post').title;
    expect(
      lines.some((l) => l.includes(groups[3]?.displayName as string) && l.includes(reason('post_not_found')))
    ).toBe(true);
    expect(lines.some((l) => l.includes(groups[4]?.displayName as string) && l.includes(reason('access_denied')))).toBe(
      true
    );
    expect(lines.filter((l) => l.includes(say('button.openInOutlook')))).toHaveLength(8);
    // Paced: progress updates about a second apart; the summary at least a quarter second after the
    // update before it (two in a second stay far below Teams' 7 a second per conversation).
    const gaps = firstRun.slice(1).map((u, i) => u.at - (firstRun[i]?.at as number));
    expect(gaps.length).toBeGreaterThan(0);
    if (gaps.length > 1) expect(Math.min(...gaps.slice(0, -1))).toBeGreaterThanOrEqual(900);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(200);

    // Retry the failed ones: groups 3 and 4 only (4 still refuses: access is not a passing fault).
    await control('POST', '/faults', { method: 'POST', path: at(4), status: 403, times: 1 });
    const retry = findAction(summary, 'retryBroadcast');
    expect(retry?.data).toEqual({ broadcastId: draftId });
    const res = await bot.post('/api/messages', cardAction('retryBroadcast', retry?.data, asAlex));
    expect(res.body.value.body[0].text).toBe(say('broadcast.posting', { total: 10 }));
    await idle(bot);
    capture.done();
    for (const [i, g] of groups.entries()) expect(await conversationsIn(g.id, topic)).toBe(i === 4 ? 0 : 1);
    expect((capture.updates.at(-1)?.card as Node | undefined)?.body[0].text).toBe(
      say('broadcast.summary', { posted: 9, total: 10 })
    );
  }, 60_000);

  it('the Bot Connector throttles the card (429 with Retry-After, then 502): the update is retried, the summary arrives', async () => {
    const groups = await newGroups(2);
    const topic = `Connector ${randomUUID().slice(0, 8)}`;
    const seen: { at: number; status: number; card: Node }[] = [];
    const answers = [429, 502];
    nock(PLAYGROUND_SERVICE_URL)
      .persist()
      .put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
      .reply((_uri, body: any) => {
        const status = answers.shift() ?? 200;
        seen.push({ at: Date.now(), status, card: body.attachments?.[0]?.content });
        if (status === 429) return [429, { error: { code: 'Throttled' } }, { 'Retry-After': '1' }];
        if (status === 502) return [502, { error: { code: 'BadGateway' } }];
        return [200, { id: '1732700000002' }];
      });
    await post(bot, { draftId: randomUUID(), groupId: groups.map((g) => g.id).join(','), topic, body: 'Hello.' });
    await idle(bot);
    nock.cleanAll();

    expect(seen.map((s) => s.status)).toEqual([429, 502, 200]);
    // Retry-After honoured: the second try waited the second the connector asked for.
    expect((seen[1]?.at as number) - (seen[0]?.at as number)).toBeGreaterThanOrEqual(950);
    expect((seen[2]?.card as Node | undefined)?.body[0].text).toBe(say('broadcast.summary', { posted: 2, total: 2 }));
    for (const g of groups) expect(await conversationsIn(g.id, topic)).toBe(1);
  }, 30_000);

  it('Action.Submit (no Universal Actions): the progress card is a new message, and the updates replace that one', async () => {
    const groups = await newGroups(3);
    const topic = `Older client ${randomUUID().slice(0, 8)}`;
    const sent: Node[] = [];
    const updated: { path: string; card: Node }[] = [];
    nock(PLAYGROUND_SERVICE_URL)
      .post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/, (body: Node) => Boolean(sent.push(body)) || true)
      .reply(200, { id: 'progress-message-1' });
    nock(PLAYGROUND_SERVICE_URL)
      .persist()
      .put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
      .reply((uri, body: any) => {
        updated.push({ path: uri, card: body.attachments?.[0]?.content });
        return [200, { id: 'progress-message-1' }];
      });
    const submit = fixture('message-new', (a) => {
      delete a.text;
      asAlex(a);
      a.value = {
        verb: 'createConversation',
        draftId: randomUUID(),
        groupId: groups.map((g) => g.id).join(','),
        topic,
        body: 'Posted from an older client.',
        participants: '',
        otherEmails: ''
      };
    });
    const res = await bot.post('/api/messages', submit);
    expect(res.status).toBeLessThan(300);
    await idle(bot);
    nock.cleanAll();

    expect(sent).toHaveLength(1);
    expect(sent[0]?.attachments[0].content.body[0].text).toBe(say('broadcast.posting', { total: 3 }));
    expect(updated.length).toBeGreaterThan(0);
    expect(updated.every((u) => u.path.endsWith('/activities/progress-message-1'))).toBe(true);
    expect(updated.at(-1)?.card.body[0].text).toBe(say('broadcast.summary', { posted: 3, total: 3 }));
    for (const g of groups) expect(await conversationsIn(g.id, topic)).toBe(1);
  }, 30_000);

  it('two deliveries of the same Post at once (a double click, Teams re-sending): one conversation per group', async () => {
    const groups = await newGroups(4);
    const topic = `Twice ${randomUUID().slice(0, 8)}`;
    const capture = captureCardUpdates();
    const form = { draftId: randomUUID(), groupId: groups.map((g) => g.id).join(','), topic, body: 'Once, please.' };
    const [a, b] = await Promise.all([post(bot, form), post(bot, form)]);
    for (const card of [a, b]) expect(card.body[0].text).toBe(say('broadcast.posting', { total: 4 }));
    await idle(bot);
    capture.done();
    for (const g of groups) expect(await conversationsIn(g.id, topic)).toBe(1);
    expect((capture.updates.at(-1)?.card as Node | undefined)?.body[0].text).toBe(
      say('broadcast.summary', { posted: 4, total: 4 })
    );
  }, 30_000);
});
