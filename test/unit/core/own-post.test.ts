// The one rule both reconciliations use to tell whether a post found in Graph is the attempt's.
import { isOwnPost, type Attempt, type Sighting } from '../../../src/core/own-post';

const ME = { id: 'a11ce000-0000-4000-8000-00000000a11c', displayName: 'Alice Wong', address: 'alice@contoso.test' };
const SINCE = Date.parse('2026-11-27T10:00:00Z');
const ATTEMPT: Attempt = { me: ME, since: SINCE, body: 'Hello <team>,\nsee you & bye' };
const at = (ms: number) => new Date(ms).toISOString();
const html = (inner: string) => ({ contentType: 'html', content: `<html><body><div>${inner}</div></body></html>` });
const sighting = (extra: Partial<Sighting> = {}): Sighting => ({ senders: ['Alice Wong'], at: at(SINCE), ...extra });

describe('isOwnPost', () => {
  it('the person, since the attempt, saying what they typed (Exchange wraps the HTML): ours', () => {
    expect(isOwnPost(sighting({ body: html('Hello &lt;team&gt;,<br>see you &amp; bye') }), ATTEMPT)).toBe(true);
    expect(
      isOwnPost(sighting({ body: { contentType: 'Text', content: 'Hello <team>,  see you & bye\r\n' } }), ATTEMPT)
    ).toBe(true);
  });

  it('someone else: not ours, whether named by display name or by address', () => {
    expect(isOwnPost(sighting({ senders: ['Bob Stone'] }), ATTEMPT)).toBe(false);
    expect(isOwnPost(sighting({ senders: ['bob@contoso.test', null] }), ATTEMPT)).toBe(false);
    expect(isOwnPost(sighting({ senders: [] }), ATTEMPT)).toBe(false);
  });

  it('the person by address ignores case; by display name it must be exact', () => {
    expect(isOwnPost(sighting({ senders: ['Alice@Contoso.TEST'] }), ATTEMPT)).toBe(true);
    expect(isOwnPost(sighting({ senders: ['Bob Stone', 'Alice Wong'] }), ATTEMPT)).toBe(true);
    expect(isOwnPost(sighting({ senders: ['alice wong'] }), ATTEMPT)).toBe(false);
  });

  it('up to 5 minutes before the attempt counts (clock skew); earlier, or no time at all, does not', () => {
    expect(isOwnPost(sighting({ at: at(SINCE - 5 * 60_000) }), ATTEMPT)).toBe(true);
    expect(isOwnPost(sighting({ at: at(SINCE - 5 * 60_000 - 1000) }), ATTEMPT)).toBe(false);
    expect(isOwnPost(sighting({ at: null }), ATTEMPT)).toBe(false);
    expect(isOwnPost(sighting({ at: 'not a date' }), ATTEMPT)).toBe(false);
  });

  it("the person's earlier post with other text is not ours", () => {
    expect(isOwnPost(sighting({ body: html('A different message') }), ATTEMPT)).toBe(false);
  });

  it('a body not read, or none from Graph: sender and time decide', () => {
    expect(isOwnPost(sighting(), ATTEMPT)).toBe(true);
    expect(isOwnPost(sighting({ body: null }), ATTEMPT)).toBe(true);
  });

  it("a message action's post is compared by the HTML that went out, not the text the form showed", () => {
    const fromMessage: Attempt = { ...ATTEMPT, body: 'shown text', bodyHtml: '<p>Quarterly <b>plan</b></p>' };
    expect(isOwnPost(sighting({ body: html('<p>Quarterly <b>plan</b></p>') }), fromMessage)).toBe(true);
    expect(isOwnPost(sighting({ body: html('shown text') }), fromMessage)).toBe(false);
  });
});
