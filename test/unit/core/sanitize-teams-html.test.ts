import { hasMarkup, safeHtmlToText, sanitizeTeamsHtml, teamsHtmlToText } from '../../../src/core/sanitize-teams-html';

// Nothing that can run script, load a resource or restyle the page may survive.
function expectInert(html: string): void {
  expect(html).not.toMatch(/<(script|style|iframe|img|object|embed|svg|math|form|input|link|meta|base)\b/i);
  expect(html).not.toMatch(/\son\w+\s*=/i);
  expect(html).not.toMatch(/javascript:|vbscript:|data:/i);
  expect(html).not.toMatch(/\s(style|class|id|src|srcset|target|title)\s*=/i);
}

describe('sanitizeTeamsHtml', () => {
  it('keeps Teams formatting: paragraphs, emphasis, lists, quotes, code, links', () => {
    const html =
      '<p>Hi <strong>team</strong>, <b>b</b> <em>e</em> <i>i</i> <u>u</u> <s>s</s> <strike>x</strike></p>' +
      '<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quoted</blockquote><pre>a\n  b</pre><code>c()</code><br>' +
      '<a href="https://contoso.com/a?b=1&amp;c=2">link</a> <a href="mailto:bob@contoso.test">mail</a>';
    expect(sanitizeTeamsHtml(html)).toBe(html.replace('<br>', '<br />'));
  });

  it('drops links to anything but http, https and mailto, and every other attribute', () => {
    const out = sanitizeTeamsHtml(
      '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a>' +
        '<a href="jav&#x09;ascript:alert(1)">c</a><a href="&#106;avascript:alert(1)">d</a>' +
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">e</a>' +
        '<a href="vbscript:msgbox(1)">f</a><a href="//evil.example/x">g</a><a href="ftp://files.example/x">h</a>' +
        '<a href="https://ok.example/" target="_blank" rel="noopener" title="t" onclick="steal()" style="color:red">' +
        'ok</a>'
    );
    expect(out).toBe(
      '<a>a</a><a>b</a><a>c</a><a>d</a><a>e</a><a>f</a><a>g</a><a>h</a><a href="https://ok.example/">ok</a>'
    );
    expectInert(out);
  });

  it.each([
    ['img onerror', '<img src=x onerror=alert(1)>', ''],
    ['script', '<p>a</p><script>alert(1)</script><p>b</p>', '<p>a</p><p>b</p>'],
    ['style', '<style>p{display:none}</style><p>shown</p>', '<p>shown</p>'],
    ['iframe with content', '<iframe src="https://evil.example">fallback text</iframe>ok', 'ok'],
    ['svg script', '<svg><script>alert(1)</script><a href="javascript:x">y</a></svg>ok', 'ok'],
    ['object/embed', '<object data="x.swf"></object><embed src="x.swf">ok', 'ok'],
    ['event handlers', '<p onclick="a()" onmouseover="b()">p</p><b onfocus=c()>b</b>', '<p>p</p><b>b</b>'],
    ['style attribute', '<p style="background:url(javascript:alert(1))">p</p>', '<p>p</p>'],
    ['form controls', '<form action="https://evil"><input value="x"><button>go</button></form>', 'go'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil">ok', 'ok'],
    ['comment', '<!-- <script>alert(1)</script> -->ok', 'ok'],
    ['unclosed tags', '<p>one<b>two<i>three', '<p>one<b>two<i>three</i></b></p>'],
    ['mis-nested tags', '<b><i>x</b></i>y', '<b><i>x</i></b>y'],
    ['broken tag', '<p <script>alert(1)</script>ok', '<p>alert(1)ok</p>'],
    ['text that looks like markup', '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [
      'attribute breaking out',
      '<a href="https://x.example/&quot;onmouseover=&quot;alert(1)">x</a>',
      '<a href="https://x.example/&quot;onmouseover=&quot;alert(1)">x</a>'
    ]
  ])('%s', (_name, input, expected) => {
    const out = sanitizeTeamsHtml(input);
    expect(out).toBe(expected);
    if (!/&quot;/.test(out)) expectInert(out);
  });

  it('keeps the text of Teams mentions and emoji, drops attachments, turns code blocks into <pre>', () => {
    expect(
      sanitizeTeamsHtml(
        '<p>Hi <at id="0">Carol Diaz</at> <emoji id="smile" alt="🙂" title="Smile"></emoji></p>' +
          '<attachment id="abc"></attachment><codeblock class="JavaScript"><code>x = 1;</code></codeblock>'
      )
    ).toBe('<p>Hi Carol Diaz <span>🙂</span></p><pre><code>x = 1;</code></pre>');
  });

  it('cuts absurdly long input instead of parsing it all', () => {
    const out = sanitizeTeamsHtml(`<p>${'a'.repeat(200_000)}</p>`);
    expect(out.length).toBeLessThanOrEqual(100_010);
  });
});

describe('safeHtmlToText / teamsHtmlToText', () => {
  it('paragraphs and <br> become line breaks, list items get a dash, entities are decoded', () => {
    expect(
      teamsHtmlToText(
        '<p>Hi <b>team</b>,</p><p>line one<br>line two</p><ul><li>a &amp; b</li><li>1 &lt; 2</li></ul>' +
          '<p>&quot;q&quot; &#39;s&#39; &nbsp;x&#x21;</p>'
      )
    ).toBe(
      'Hi team,\nline one\nline two\n- a & b\n- 1 < 2\n"q" \'s\'  x!' // &nbsp; is a real space
    );
  });

  it("keeps a link's address next to its text (once), so editing the text keeps it", () => {
    expect(teamsHtmlToText('<a href="https://contoso.com/plan?a=1&amp;b=2">the plan</a>')).toBe(
      'the plan (https://contoso.com/plan?a=1&b=2)'
    );
    expect(teamsHtmlToText('<a href="https://contoso.com/">https://contoso.com/</a>')).toBe('https://contoso.com/');
    expect(teamsHtmlToText('<a href="mailto:bob@contoso.test">bob@contoso.test</a>')).toBe('bob@contoso.test');
    expect(teamsHtmlToText('<a href="javascript:alert(1)">click</a>')).toBe('click');
  });

  it('keeps whitespace inside <pre>, collapses it elsewhere', () => {
    expect(teamsHtmlToText('<p>a   b\n c</p><pre>  x\n    y</pre>')).toBe('a b c\n  x\n    y');
  });

  it('treats tagless content as typed text: its line breaks stay', () => {
    expect(hasMarkup('line 1\nline 2')).toBe(false);
    expect(teamsHtmlToText('line 1\nline 2 &amp; more')).toBe('line 1\nline 2 & more');
  });

  it('never lets markup through as text from hostile input: what is left is inert words', () => {
    expect(teamsHtmlToText('<img src=x onerror=alert(1)><script>alert(1)</script><style>x</style>ok')).toBe('ok');
    // Escaped markup in the message is the message's text: it is shown as typed (the post path escapes it again).
    expect(teamsHtmlToText('&lt;b&gt;not bold&lt;/b&gt;')).toBe('<b>not bold</b>');
  });

  it('empty paragraphs vanish, a Teams blank line (<p>&nbsp;</p>) stays one blank line, the ends are trimmed', () => {
    expect(safeHtmlToText('<p></p><p>a</p><p></p><p></p><p>b</p><br /><br />')).toBe('a\nb');
    expect(teamsHtmlToText('<p>a</p><p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p><p>b</p>')).toBe('a\n\nb');
    expect(teamsHtmlToText('Intro:<ul><li>x</li></ul>after<table><tr><td>c1</td><td>c2</td></tr></table>')).toBe(
      'Intro:\n- x\nafter\nc1 c2'
    );
  });
});
