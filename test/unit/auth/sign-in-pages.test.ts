// The sign-in pop-up's last page: its words (from words.ts), the outcome's message escaped, and
// the outcome handed to Teams.
import { renderAuthEndPage } from '../../../src/auth/sign-in-pages';
import { say } from '../../../src/core/words';

const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const paragraphs = (html: string) => [...html.matchAll(/<p>([^<]*)<\/p>/g)].map((m) => m[1]);

describe('renderAuthEndPage', () => {
  it('after a sign-in: says so, shows the message and hands Teams the verification code', () => {
    const html = renderAuthEndPage({ ok: true, message: 'Back to Teams.', code: 'c0de_-x' }, 'n0nce');
    expect(title(html)).toBe(say('signInPage.title'));
    expect(heading(html)).toBe(say('signInPage.done'));
    expect(paragraphs(html)).toEqual(['Back to Teams.', say('signInPage.close')]);
    expect(html).toContain('microsoftTeams.authentication.notifySuccess("c0de_-x");');
    expect(html).toContain('<script nonce="n0nce">');
  });

  it('after a failure: says it did not finish and hands Teams the reason', () => {
    const html = renderAuthEndPage({ ok: false, message: say('signIn.tooLate') }, 'n');
    expect(heading(html)).toBe(say('signInPage.notDone'));
    expect(paragraphs(html)[0]).toBe(say('signIn.tooLate'));
    expect(html).toContain(`notifyFailure(${JSON.stringify(say('signIn.tooLate'))})`);
  });

  it('escapes the message in the page and in the script', () => {
    const html = renderAuthEndPage({ ok: false, message: '<img src=x onerror=alert(1)> & "q"' }, 'n');
    expect(paragraphs(html)[0]).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    expect(html).not.toContain('<img');
    expect(html).toContain('\\u003cimg');
  });
});
