// Inputs that made backtracking patterns or the HTML parser take seconds (issue 13), at the sizes
// a hostile client can send (the HTTP edge takes up to 256 KB; Graph bodies are anyone's). Shared
// by the unit corpus (test/unit/core/pathological-text.test.ts) and the bad-input suite.
const K100 = 100_000;

export const PATHOLOGICAL_TEXTS: readonly [name: string, text: string][] = [
  ['<pre> + 99,000 spaces + x</pre>', `<pre>${' '.repeat(99_000)}x</pre>`],
  ['100 KB of spaces, then x', `${' '.repeat(K100)}x`],
  ['100 KB of tabs, then x', `${'\t'.repeat(K100)}x`],
  ['long lines of tabs', `${'\t'.repeat(999)}x\n`.repeat(100)],
  ['spaces and tabs alternating', `${' \t'.repeat(K100 / 2)}x`],
  ['10,000 nested tags', `${'<div>'.repeat(10_000)}x${'</div>'.repeat(10_000)}`],
  ['10,000 unclosed tags', '<b><i>'.repeat(10_000)],
  ['unclosed unknown tags', '<at>'.repeat(25_000)],
  ['unclosed links', '<a href="https://x.test/">'.repeat(4_000)],
  ['unclosed pre', '<pre>'.repeat(20_000)],
  ['unclosed script', '<script>'.repeat(12_500)],
  ['100 KB single token', 'a'.repeat(K100)],
  ['100 KB of <', '<'.repeat(K100)],
  ['<a without >', '<a'.repeat(K100 / 2)],
  ['many & entities', '&amp;'.repeat(K100 / 5)],
  ['bare &', '&'.repeat(K100)],
  ['&# without ;', `&#${'1'.repeat(K100)}`],
  ['blank paragraphs', '<p>&nbsp;</p>'.repeat(K100 / 13)],
  ['100 KB of newlines', '\n'.repeat(K100)],
  ['commas', ','.repeat(K100)],
  ['markdown characters', '_*~]<&{'.repeat(K100 / 7)]
];
