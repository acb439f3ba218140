// The message action's file reader (issue 17 item 3): which attachments come along as links,
// the limits, malformed payloads, and the post's "Files" list.
import { FILE_LIMITS, filesFromMessage, filesHtml, keptFiles, sharedFileUrl } from '../../../src/core/message-files';
import { buildConversationBody } from '../../../src/core/post-conversation';
import { say } from '../../../src/core/words';

const PLAN = 'https://contoso.sharepoint.com/sites/launch/Shared%20Documents/General/plan.docx';
const BUDGET =
  'https://contoso-my.sharepoint.com/personal/bob_contoso_com/Documents/Microsoft%20Teams%20Chat%20Files/budget.xlsx';
const reference = (contentUrl: unknown, name: unknown = 'plan.docx', extra: Record<string, unknown> = {}) => ({
  id: '153fa47d-18c9-4179-be08-9879815a9f90',
  contentType: 'reference',
  contentUrl,
  content: null,
  name,
  thumbnailUrl: null,
  ...extra
});

describe('sharedFileUrl: https links to SharePoint or OneDrive for work or school only', () => {
  it.each([
    PLAN,
    BUDGET,
    'https://contoso.sharepoint-df.com/sites/x/a.pdf',
    'https://contoso.sharepoint.us/sites/x/a.pdf',
    'https://contoso.sharepoint-mil.us/sites/x/a.pdf',
    'https://contoso.sharepoint.cn/sites/x/a.pdf',
    'https://CONTOSO.SharePoint.com/sites/x/a.pdf',
    'https://contoso.sharepoint.com:443/sites/x/a.pdf'
  ])('keeps %s', (url) => {
    expect(sharedFileUrl(url)).toBe(new URL(url).href);
  });

  it.each([
    ['http', 'http://contoso.sharepoint.com/sites/x/a.pdf'],
    ['the bare suffix', 'https://sharepoint.com/sites/x/a.pdf'],
    ['a look-alike host', 'https://evilsharepoint.com/a.pdf'],
    ['a host that only starts like one', 'https://contoso.sharepoint.com.evil.example/a.pdf'],
    ['consumer OneDrive', 'https://onedrive.live.com/?id=1'],
    ['a short link', 'https://1drv.ms/w/s!abc'],
    ['a Teams hosted content', 'https://graph.microsoft.com/v1.0/chats/1/messages/2/hostedContents/3/$value'],
    ['credentials', 'https://user:pass@contoso.sharepoint.com/a.pdf'],
    ['another port', 'https://contoso.sharepoint.com:8443/a.pdf'],
    ['javascript', 'javascript:alert(1)//contoso.sharepoint.com'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['protocol-relative', '//contoso.sharepoint.com/a.pdf'],
    ['not a URL', 'plan.docx'],
    ['an IP address', 'https://192.0.2.1/a.pdf'],
    ['too long', `https://contoso.sharepoint.com/${'a'.repeat(FILE_LIMITS.url)}`]
  ])('drops %s', (_what, url) => {
    expect(sharedFileUrl(url)).toBeUndefined();
  });

  it.each([undefined, null, 42, {}, ['https://contoso.sharepoint.com/a']])('drops a non-string (%p)', (value) => {
    expect(sharedFileUrl(value)).toBeUndefined();
  });
});

describe('filesFromMessage', () => {
  it("reads Teams' file references by name, in order, without repeats", () => {
    const found = filesFromMessage({
      attachments: [reference(PLAN, 'plan.docx'), reference(BUDGET, '  budget   2027.xlsx '), reference(PLAN, 'again')]
    });
    expect(found).toEqual({
      files: [
        { name: 'plan.docx', url: PLAN },
        { name: 'budget 2027.xlsx', url: BUDGET }
      ],
      notFiles: 0,
      overLimit: 0,
      pictures: 0
    });
  });

  it('counts what cannot come along: other hosts, other attachments, malformed ones', () => {
    const found = filesFromMessage({
      attachments: [
        reference('https://evil.example/plan.docx'),
        reference(PLAN, ''),
        reference(PLAN, 'x'.repeat(FILE_LIMITS.name + 1)),
        reference(PLAN, 'bad\u0007name'),
        reference(PLAN, { toString: 'plan' }),
        { contentType: 'application/vnd.microsoft.card.adaptive', content: '{"type":"AdaptiveCard"}' },
        { contentType: 'messageReference', content: '{}' },
        null,
        'reference',
        reference(BUDGET, 'budget.xlsx')
      ]
    });
    expect(found.files).toEqual([{ name: 'budget.xlsx', url: BUDGET }]);
    expect(found.notFiles).toBe(9);
  });

  it(`keeps at most ${FILE_LIMITS.count} files and counts the rest; reads at most ${FILE_LIMITS.scanned}`, () => {
    const many = Array.from({ length: 12 }, (_, i) => reference(`${PLAN}?v=${i}`, `file ${i}.docx`));
    const found = filesFromMessage({ attachments: many });
    expect(found.files.map((f) => f.name)).toEqual(Array.from({ length: 10 }, (_, i) => `file ${i}.docx`));
    expect(found.overLimit).toBe(2);
    const flood = filesFromMessage({ attachments: Array.from({ length: 100_000 }, () => ({ contentType: 'x' })) });
    expect(flood).toEqual({ files: [], notFiles: 100_000, overLimit: 0, pictures: 0 });
  });

  it('counts inline pictures (hosted content) in the HTML body', () => {
    const found = filesFromMessage({
      body: {
        contentType: 'html',
        content:
          '<p>Look</p><img src="https://graph.microsoft.com/v1.0/chats/1/messages/2/hostedContents/3/$value">' +
          '<IMG alt="x" src="https://us-api.asm.skype.com/v1/objects/0-wus-d1/views/imgo">'
      }
    });
    expect(found.pictures).toBe(2);
  });

  it.each([undefined, null, 'text', [], { attachments: 'x' }, { attachments: {} }, { body: 'x' }])(
    'anything unexpected reads as no files (%p)',
    (payload) => {
      expect(filesFromMessage(payload)).toEqual({ files: [], notFiles: 0, overLimit: 0, pictures: 0 });
    }
  );

  it("the Agents Playground's card messages: attachments without a link, dropped with a count", () => {
    // What the playground sends for a message of the bot's (its cards, content as a JSON string).
    const found = filesFromMessage({
      body: { contentType: 'html', content: '' },
      attachments: [{ id: '0', contentType: 'application/vnd.microsoft.card.adaptive', content: '{"type":"x"}' }]
    });
    expect(found).toEqual({ files: [], notFiles: 1, overLimit: 0, pictures: 0 });
  });
});

describe('keptFiles: toggles name places in the saved list, never links', () => {
  const saved = [
    { name: 'plan.docx', url: PLAN },
    { name: 'budget.xlsx', url: BUDGET }
  ];

  it('keeps each saved file whose toggle came back "true"', () => {
    expect(keptFiles(saved, { file0: 'true', file1: 'false' })).toEqual({ files: [saved[0]], unknown: 0 });
    expect(keptFiles(saved, { file0: 'false', file1: 'true' })).toEqual({ files: [saved[1]], unknown: 0 });
    expect(keptFiles(saved, {})).toEqual({ files: [], unknown: 0 });
  });

  it('a toggle for a place nobody saved a file at, or in another spelling, is counted and ignored', () => {
    expect(
      keptFiles(saved, { file0: 'true', file2: 'true', file01: 'true', file99999999999999999999: 'true' })
    ).toEqual({
      files: [saved[0]],
      unknown: 3
    });
    expect(keptFiles(undefined, { file0: 'true' })).toEqual({ files: [], unknown: 1 });
    // Values other than the toggle's own "true" keep nothing.
    expect(keptFiles(saved, { file0: true, file1: ['true'] }).files).toEqual([]);
  });
});

describe('the post: a "Files" list after the message, each name linked', () => {
  it('escaped and sanitized: a name is text, a link only its href', () => {
    const html = filesHtml([
      { name: 'plan <b>v2</b> & "notes".docx', url: PLAN },
      { name: 'budget.xlsx', url: `${BUDGET}?a=1&b=2` }
    ]);
    expect(html).toBe(
      `<p><strong>${say('files.postHeading')}</strong></p><ul>` +
        `<li><a href="${PLAN}">plan &lt;b&gt;v2&lt;/b&gt; &amp; "notes".docx</a></li>` +
        `<li><a href="${BUDGET}?a=1&amp;b=2">budget.xlsx</a></li></ul>`
    );
    expect(filesHtml([])).toBe('');
  });

  it('typed text and a message HTML alike get the list after them', () => {
    const files = [{ name: 'plan.docx', url: PLAN }];
    const list = filesHtml(files);
    const typed = buildConversationBody({ topic: 'T', body: 'a\nb', files }, []);
    expect(typed.threads?.[0].posts?.[0].body).toEqual({ contentType: 'html', content: `a<br>b${list}` });
    const html = buildConversationBody({ topic: 'T', body: 'a', bodyHtml: '<p>a</p>', files }, []);
    expect(html.threads?.[0].posts?.[0].body?.content).toBe(`<p>a</p>${list}`);
    const none = buildConversationBody({ topic: 'T', body: 'a', files: [] }, []);
    expect(none.threads?.[0].posts?.[0].body?.content).toBe('a');
  });
});
