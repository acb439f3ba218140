// Plain text → the HTML Graph posts, and the one-line preview on the confirmation card.
import { previewOf, textToHtml } from '../../../src/core/body-html';

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
