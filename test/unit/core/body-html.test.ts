// Plain text → the HTML Graph posts, the one-line preview on the confirmation card, and a post's
// HTML → its words (how reconciliation recognises the bot's own post).
import { collapse, htmlToText, previewOf, textToHtml } from '../../../src/core/body-html';

describe('textToHtml', () => {
  it('escapes every markup character', () => {
    expect(textToHtml(`& < > " '`)).toBe('&amp; &lt; &gt; &quot; &#39;');
  });

  it('escapes an ampersand once, even when it already looks like an entity', () => {
    expect(textToHtml('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
  });

  it('turns <script> into harmless text', () => {
    const html = textToHtml('<script>alert("x")</script>');
    expect(html).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/[<>"]/);
  });

  it('escapes attribute-breaking input', () => {
    expect(textToHtml(`<img src=x onerror='alert(1)'>`)).toBe('&lt;img src=x onerror=&#39;alert(1)&#39;&gt;');
  });

  it('turns \\n, \\r\\n and \\r each into one <br>', () => {
    expect(textToHtml('a\nb\r\nc\rd')).toBe('a<br>b<br>c<br>d');
    expect(textToHtml('a\n\nb')).toBe('a<br><br>b');
    expect(textToHtml('a\r\n\r\nb')).toBe('a<br><br>b');
    expect(textToHtml('a\n\rb')).toBe('a<br><br>b');
  });

  it('leaves other text, spaces and tabs alone', () => {
    expect(textToHtml('  Hello\tworld — ünïcödé 🎉  ')).toBe('  Hello\tworld — ünïcödé 🎉  ');
    expect(textToHtml('')).toBe('');
  });

  it('escapes before adding <br>, so the <br> survives and typed <br> does not', () => {
    expect(textToHtml('<br>\n')).toBe('&lt;br&gt;<br>');
  });
});

describe('previewOf', () => {
  it('collapses every run of whitespace to one space and trims', () => {
    expect(previewOf('  Hello\n\n  team,\r\n\tsee\u00a0you  ')).toBe('Hello team, see you');
  });

  it('keeps a text of exactly 200 characters whole', () => {
    const text = 'a'.repeat(200);
    expect(previewOf(text)).toBe(text);
  });

  it('cuts a longer text to 200 characters including the ellipsis', () => {
    const preview = previewOf('a'.repeat(201));
    expect(preview).toBe(`${'a'.repeat(199)}…`);
    expect(preview).toHaveLength(200);
  });

  it('measures after collapsing whitespace', () => {
    const text = `${'a'.repeat(100)}\n\n\n\n${'b'.repeat(99)}`;
    expect(previewOf(text)).toBe(`${'a'.repeat(100)} ${'b'.repeat(99)}`);
  });

  it('does not leave a space before the ellipsis', () => {
    expect(previewOf(`${'a'.repeat(198)} ${'b'.repeat(10)}`)).toBe(`${'a'.repeat(198)}…`);
  });

  it('honours another maximum', () => {
    expect(previewOf('Hello team', 5)).toBe('Hell…');
    expect(previewOf('Hello', 5)).toBe('Hello');
  });

  it('is not HTML-escaped (the card renders text)', () => {
    expect(previewOf('<b> & </b>')).toBe('<b> & </b>');
  });
});

describe('htmlToText', () => {
  it('recovers the typed text from what the bot posted, whatever Exchange wrapped around it', () => {
    const typed = 'Hello <team>,\n"see" you & bye \'now\'';
    expect(
      htmlToText(
        `<html><head><style>p { color: red }</style></head><body><div>${textToHtml(typed)}</div></body></html>`
      )
    ).toBe(collapse(typed));
  });

  it('drops tags (blocks and line breaks become spaces) and head, style and script with their content', () => {
    expect(htmlToText('<p>one</p><p>two<br>three</p><script>alert(1)</script><b>four</b>')).toBe('one two three four');
  });

  it('decodes named, decimal and hex entities once, in any case; leaves unknown and out-of-range ones', () => {
    expect(htmlToText('&LT;b&gt; &AMP; &quot;q&quot; &apos;a&#39; &#039; x&nbsp;y &#65;&#x42;&#X43;')).toBe(
      `<b> & "q" 'a' ' x y ABC`
    );
    expect(htmlToText('&amp;lt; &amp;amp;')).toBe('&lt; &amp;');
    expect(htmlToText('&copy; &#0; &#x110000; &#1114111;')).toBe(
      `&copy; &#0; &#x110000; ${String.fromCodePoint(0x10ffff)}`
    );
  });
});

describe('collapse', () => {
  it('turns every run of whitespace (non-breaking space too) into one space and trims', () => {
    expect(collapse(' a \r\n\t b\u00a0\u00a0c ')).toBe('a b c');
  });
});
