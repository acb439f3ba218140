// Issue 13, item 1: every function that reads person or Graph text finishes each pathological
// input in under 50 ms. Before the change `<pre>` + 99,000 spaces + `x</pre>` froze the event loop
// for seconds (/[ \t]+$/ rescans a whitespace run from each of its positions), and so did 100 KB of
// '<' in Graph's HTML (/<[^>]*>/g). The bound is the issue's; the machine is shared and loaded
// (other test runs: load averages of 10 on 2 cores were seen), so each case is timed on the
// operation alone, best of 3, and each try counts the smaller of its wall time and this process's
// CPU time: how long the operation holds the event loop when the process has a core, not how long
// the neighbours kept it off one. The tries stop at the first one under the bound.
import { collapse, decodeEntities, htmlToText, previewOf, textToHtml } from '../../../src/core/body-html';
import { markdownSafe } from '../../../src/core/markdown-safe';
import { prefillFromMessage } from '../../../src/core/message-prefill';
import { isOwnPost } from '../../../src/core/own-post';
import { safeHtmlToText, sanitizeTeamsHtml, teamsHtmlToText } from '../../../src/core/sanitize-teams-html';
import { validateDraft } from '../../../src/core/validate-draft';
import { validateReply } from '../../../src/core/validate-reply';
import { previewOf as sandboxPreview } from '../../../src/sandbox/mailbox-routes';
import type { PostRow } from '../../../src/sandbox/sandbox-store';
import { parseCommand } from '../../../src/teams/commands/parse-command';
import { PATHOLOGICAL_TEXTS } from '../../helpers/pathological-texts';

const BOUND_MS = 50;
const TRIES = 5;

function bestOfTries(run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < TRIES && best >= BOUND_MS; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    run();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    best = Math.min(best, wall, (used.user + used.system) / 1000);
  }
  return best;
}

/** A validation failure is an answer too: only the time it took matters here. */
function answered1(run: (text: string) => unknown): (text: string) => unknown {
  return (text) => {
    try {
      return run(text);
    } catch (err) {
      return err;
    }
  };
}

const me = { id: '00000000-0000-4000-8000-000000000001', displayName: 'Ada', address: 'ada@contoso.test' };

const FUNCTIONS: [string, (text: string) => unknown][] = [
  ['sanitizeTeamsHtml', sanitizeTeamsHtml],
  ['safeHtmlToText', safeHtmlToText],
  ['teamsHtmlToText', teamsHtmlToText],
  ['prefillFromMessage (html)', (t) => prefillFromMessage({ subject: t, body: { contentType: 'html', content: t } })],
  ['prefillFromMessage (text)', (t) => prefillFromMessage({ body: { contentType: 'text', content: t } })],
  ['htmlToText', htmlToText],
  ['decodeEntities', decodeEntities],
  ['collapse', collapse],
  ['previewOf', (t) => previewOf(t)],
  ['textToHtml', textToHtml],
  ['markdownSafe', markdownSafe],
  [
    'validateDraft',
    answered1((t) => validateDraft({ draftId: t, groupId: t, topic: t, body: t, participants: t, otherEmails: t }))
  ],
  [
    'validateReply',
    answered1((t) => validateReply({ draftId: t, groupId: t, body: t, participants: t, otherEmails: t }))
  ],
  ['parseCommand', parseCommand],
  [
    'isOwnPost (Graph html body)',
    (t) =>
      isOwnPost(
        { senders: [me.address], at: new Date().toISOString(), body: { contentType: 'html', content: t } },
        { me, since: Date.now(), body: 'hello', bodyHtml: t }
      )
  ],
  ['sandbox preview', (t) => sandboxPreview({ body: { contentType: 'html', content: t } } as PostRow)]
];
describe('pathological text is handled in linear time', () => {
  it('the corpus holds the issue’s cases at full size', () => {
    expect(PATHOLOGICAL_TEXTS.map(([name]) => name)).toEqual(
      expect.arrayContaining(['<pre> + 99,000 spaces + x</pre>', '10,000 nested tags', '100 KB single token'])
    );
    for (const [, text] of PATHOLOGICAL_TEXTS) expect(text.length).toBeGreaterThanOrEqual(50_000);
  });

  describe.each(FUNCTIONS)('%s', (_name, run) => {
    it.each(PATHOLOGICAL_TEXTS)(`%s in under ${BOUND_MS} ms`, (_case, text) => {
      expect(bestOfTries(() => run(text))).toBeLessThan(BOUND_MS);
    });
  });

  it('still reads such a message as the person would: the issue’s payload is spaces and an x', () => {
    const prefill = prefillFromMessage({ body: { contentType: 'html', content: `<pre>${' '.repeat(30_000)}x</pre>` } });
    expect(prefill.body).toBe('x');
    // Cut to the sanitizer's limits (40,000 characters), the rest is not the whole message: no HTML kept.
    const cut = prefillFromMessage({ body: { contentType: 'html', content: `<b>a</b>${'b'.repeat(60_000)}` } });
    expect(cut.html).toBeUndefined();
  });
});
