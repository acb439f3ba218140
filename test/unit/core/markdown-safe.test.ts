// Text from Graph (topics, previews, names) and echoed typed text reach TextBlocks and facts,
// which Teams renders as Markdown. markdownSafe must leave no live markup, while what a reader
// sees stays the text itself: a CommonMark renderer shows `\x` (x ASCII punctuation) as `x`.
import { markdownSafe } from '../../../src/core/markdown-safe';

/** What a CommonMark renderer shows for text with no markup left: every backslash escape resolved. */
const shown = (source: string) => source.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('markdownSafe: hostile text is not live', () => {
  it.each([
    [
      'a link with a hidden target',
      '[Reset your password](https://evil.example)',
      '[Reset your password\\](https://evil.example)'
    ],
    ['an image', '![x](https://evil.example/p.png)', '![x\\](https://evil.example/p.png)'],
    ['a reference link', '[Reset][1]', '[Reset\\][1]'],
    ['a link definition', '[1]: https://evil.example', '[1\\]: https://evil.example'],
    ['a link with a space before the target', '[Reset] (https://evil.example)', '[Reset\\] (https://evil.example)'],
    ['an autolink', '<https://evil.example>', '\\<https://evil.example>'],
    ['bold', '**bold**', '\\*\\*bold\\*\\*'],
    ['bold with underscores', '__bold__', '\\_\\_bold\\_\\_'],
    ['italic', '_italic_', '\\_italic\\_'],
    ['emphasis inside a word', '2*3*4', '2\\*3\\*4'],
    ['strikethrough', '~~gone~~', '\\~\\~gone\\~\\~'],
    ['a heading', '# Heading', '\\# Heading'],
    ['a deeper heading', '### Heading', '\\### Heading'],
    ['a bullet list', '- item', '\\- item'],
    ['a plus list', '+ item', '\\+ item'],
    ['a star list', '* item', '\\* item'],
    ['a numbered list', '1. item', '1\\. item'],
    ['a numbered list with )', '12) item', '12\\) item'],
    ['a quote', '> quoted', '\\> quoted'],
    ['a thematic break', '---', '\\---'],
    ['a code span', '`rm -rf`', '\\`rm -rf\\`'],
    ['a fence', '```js', '\\`\\`\\`js'],
    ['a tilde fence', '~~~', '\\~\\~\\~'],
    ['a Teams mention', '<at>Megan</at>', '\\<at>Megan\\</at>'],
    ['HTML', '<b>x</b><!-- c -->', '\\<b>x\\</b>\\<!-- c -->'],
    ['a character reference', 'AT&amp;T &#42;', 'AT\\&amp;T \\&#42;'],
    ['the card date function', '{{DATE(2017-02-14T06:00:00Z, SHORT)}}', '{\\{DATE(2017-02-14T06:00:00Z, SHORT)}}'],
    ['a backslash that would escape', 'C:\\*.txt', 'C:\\\\\\*.txt'],
    ['a heading after line breaks', 'Hi\n\n# Heading\n- item', 'Hi # Heading - item'],
    ['an indented code block', '    code', 'code']
  ])('%s: %j', (_name, input, expected) => {
    expect(markdownSafe(input)).toBe(expected);
  });
});

describe('markdownSafe: ordinary text reads the same', () => {
  it.each([
    'C# 10',
    'a_b and snake_case_name',
    'https://contoso.example/a_b?x=1&y=2',
    'www.contoso.example',
    'alex@contoso.example',
    'Q3 - planning',
    '50% off! (today only)',
    '1.5 release notes',
    '[EXTERNAL] Invoice',
    'a < b > c',
    'Tom & Jerry',
    '~5 minutes',
    'Re: launch #2',
    'C:\\Users\\alex',
    '👍🏽 Launch 🚀',
    'שלום עולם',
    'مرحبا بالعالم',
    '会議の議題',
    'Ünïcödé naïve café'
  ])('%j is left as it is', (text) => {
    expect(markdownSafe(text)).toBe(text);
  });

  it('collapses whitespace, as Markdown shows a single line break anyway', () => {
    expect(markdownSafe('  First line\r\nsecond\tline  ')).toBe('First line second line');
    expect(markdownSafe('')).toBe('');
    expect(markdownSafe(' \n ')).toBe('');
  });

  it.each([
    '[Reset your password](https://evil.example)',
    '**bold** and _it_ `x` ~~y~~ <at>z</at> &amp; {{DATE(2017-02-14T06:00:00Z)}}',
    '# Heading',
    '1. list',
    'C:\\*.txt \\\\ \\x',
    'C# 10, a_b, 👍🏽, שלום'
  ])('a reader sees the text itself: %j', (text) => {
    expect(shown(markdownSafe(text))).toBe(text.replace(/\s+/g, ' ').trim());
  });
});
