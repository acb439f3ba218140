// The invoke contract for `application/search` (the group picker's typeahead): Microsoft's
// documented answer passes, each rule fails the answer it is there to catch.
import { INVOKE_RULES, type InvokeRule } from '../../helpers/invoke-contract';
import { fixture } from '../../helpers/fixtures';
import { brokenRule, type Case, ok, oneBot, refusal } from './invoke-contract-examples';

const search = fixture('invoke-group-search');
const SEARCH = 'application/vnd.microsoft.search.searchResponse';
const ERROR = 'application/vnd.microsoft.error';
const results = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Group ${i}`, value: `id-${i}` }));
const answer = (value: unknown, statusCode: unknown = 200, type = SEARCH) => ok({ statusCode, type, value });

const cases: Case[] = [
  // The msteams-docs dynamic-search.md "Response" example, with the statusCode SearchInvokeResponse has.
  oneBot(
    "the documented example's results",
    search,
    answer({
      results: [
        { value: 'FluentAssertions', title: 'A very extensive set of extension methods' },
        { value: 'FluentUI', title: 'Fluent UI Library' }
      ]
    }),
    null
  ),
  oneBot('no results', search, answer({ results: [] }), null),
  oneBot('15 results', search, answer({ results: results(15) }), null),
  oneBot('a failure as an error object', search, answer({ code: 'internal', message: 'x' }, 500, ERROR), null),
  oneBot('a refusal at the edge', search, refusal(403), null),
  oneBot(
    'no statusCode (teams-ai search() answers so)',
    search,
    ok({ type: SEARCH, value: { results: [] } }),
    'search.body'
  ),
  oneBot('an empty body', search, ok(undefined), 'search.body'),
  oneBot(
    'a card instead of results',
    search,
    answer({ results: [] }, 200, 'application/vnd.microsoft.card.adaptive'),
    'search.combination'
  ),
  oneBot('a 401 searchResponse', search, answer({ results: [] }, 401), 'search.combination'),
  oneBot('results not an array', search, answer({ results: { a: 1 } }), 'search.results'),
  oneBot('a result without a title', search, answer({ results: [{ value: 'id-1' }] }), 'search.results'),
  oneBot('a result with an empty value', search, answer({ results: [{ title: 'x', value: '' }] }), 'search.results'),
  oneBot(
    'a result with extra keys',
    search,
    answer({ results: [{ title: 'x', value: 'y', url: 'z' }] }),
    'search.results'
  ),
  oneBot('16 results', search, answer({ results: results(16) }), 'search.max-results'),
  oneBot('an error without a message', search, answer({ code: 'x' }, 400, ERROR), 'search.error')
];

describe('the invoke contract: application/search', () => {
  it.each(cases)('%s', (_what, request, answers, rule) => {
    expect(brokenRule(request, answers)).toBe(rule);
  });

  it('every search rule has a failing example above', () => {
    const failing = new Set(cases.map((c) => c[3]));
    const rules = Object.keys(INVOKE_RULES).filter((rule) => rule.startsWith('search.'));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((rule) => !failing.has(rule as InvokeRule))).toEqual([]);
  });
});
