// The `application/search` part of the invoke contract (invoke-contract.ts is the entry point): the
// answer to an Input.ChoiceSet's Data.Query typeahead. Decisions where the documents leave room:
// the body always carries `statusCode` (botframework-schema's SearchInvokeResponse is an
// AdaptiveCardInvokeResponse {statusCode, type, value}; the msteams-docs sample leaves it out), and
// a failure is 400/500 application/vnd.microsoft.error as botbuilder's ActivityHandler answers one.
import { isObject, nonEmpty, shown, type Rules, type Violate } from './invoke-contract-shared';

const SEARCH_DOC = 'msteams-docs, task-modules-and-cards/cards/dynamic-search.md';
const SEARCH_SCHEMA = 'botframework-schema SearchInvokeResponse (an AdaptiveCardInvokeResponse)';
const SEARCH_RESPONSE = 'application/vnd.microsoft.search.searchResponse';

/** Teams shows at most this many typeahead options. */
export const MAX_SEARCH_RESULTS = 15;

export const SEARCH_RULES = {
  'search.body': `${SEARCH_SCHEMA}: the body is {statusCode, type, value}`,
  'search.combination':
    `${SEARCH_DOC}: 200 with type "${SEARCH_RESPONSE}"; botbuilder ActivityHandler: ` +
    '400/500 application/vnd.microsoft.error for a failure',
  'search.results': `${SEARCH_DOC}, "Response": value is {results: [{value, title}]}, both non-empty strings`,
  'search.max-results': `${SEARCH_DOC}: "The number of options in the dropdown is limited to 15"`,
  'search.error': `${SEARCH_SCHEMA}: a 400/500 application/vnd.microsoft.error carries {code, message}`
} satisfies Rules;

/** The HTTP 200 answer to `application/search`. */
export function checkSearchAnswer(v: Violate, body: unknown): void {
  if (!isObject(body) || !('statusCode' in body) || !('type' in body))
    v('search.body', 'body', `must be {statusCode, type, value}, got ${shown(body)}`);
  const { statusCode, type, value } = body;
  const pair = `${String(statusCode)} ${String(type)}`;
  if (pair === '400 application/vnd.microsoft.error' || pair === '500 application/vnd.microsoft.error') {
    if (!isObject(value) || !nonEmpty(value.code) || !nonEmpty(value.message))
      v('search.error', 'body.value', `must be {code, message} with non-empty strings, got ${shown(value)}`);
    return;
  }
  if (pair !== `200 ${SEARCH_RESPONSE}`)
    v('search.combination', 'body.statusCode and body.type', `${pair} is not a documented pair`);
  const results = isObject(value) ? value.results : undefined;
  if (!Array.isArray(results)) v('search.results', 'body.value.results', `must be an array, got ${shown(value)}`);
  for (const [i, r] of results.entries()) {
    if (
      !isObject(r) ||
      !nonEmpty(r.title) ||
      !nonEmpty(r.value) ||
      Object.keys(r).some((k) => !['title', 'value'].includes(k))
    )
      v('search.results', `body.value.results[${i}]`, `must be {title, value} with non-empty strings, got ${shown(r)}`);
  }
  if (results.length > MAX_SEARCH_RESULTS)
    v('search.max-results', 'body.value.results', `has ${results.length} entries, more than ${MAX_SEARCH_RESULTS}`);
}
