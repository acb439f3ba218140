// The invoke contract for a search command (composeExtension/query and selectItem, issue 17):
// the documented answers pass, each rule fails the answer it is there to catch.
import { INVOKE_RULES, type InvokeRule } from '../../helpers/invoke-contract';
import { fixture, type Activity } from '../../helpers/fixtures';
import { brokenRule, type Case, ok, oneBot, refusal } from './invoke-contract-examples';

const invoke = (name: string): Activity =>
  fixture('invoke-message-action-fetch', (a) => {
    a.name = name;
    a.value = { commandId: 'findConversation', parameters: [{ name: 'query', value: 'x' }] };
  });
const query = invoke('composeExtension/query');
const selectItem = invoke('composeExtension/selectItem');
const card = { type: 'AdaptiveCard', version: '1.5', body: [] };
const thumbnail = (content: Record<string, unknown> = { title: 'Topic' }) => ({
  contentType: 'application/vnd.microsoft.card.thumbnail',
  content
});
const item = (over: Record<string, unknown> = {}) => ({
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: card,
  preview: thumbnail(),
  ...over
});
const result = (attachments: unknown[], attachmentLayout: unknown = 'list') =>
  ok({ composeExtension: { type: 'result', attachmentLayout, attachments } });
const signIn = (
  type: string,
  actions: unknown[] = [{ type: 'openUrl', value: 'https://bot.contoso.com/auth-start', title: 'Sign in' }]
) => ok({ composeExtension: { type, suggestedActions: { actions } } });

const cases: Case[] = [
  oneBot('query: results with previews', query, result([item(), item()]), null),
  oneBot('query: no results (a page past the end)', query, result([]), null),
  oneBot(
    'query: a preview with an invoke tap',
    query,
    result([item({ preview: thumbnail({ title: 'T', tap: { type: 'invoke', value: { a: 1 } } }) })]),
    null
  ),
  oneBot('query: a line of text', query, ok({ composeExtension: { type: 'message', text: 'Nothing found' } }), null),
  oneBot('query: silentAuth (SSO)', query, signIn('silentAuth'), null),
  oneBot('query: auth (the pop-up)', query, signIn('auth'), null),
  oneBot('query: a refusal at the edge', query, refusal(401), null),
  oneBot('selectItem: the one chosen card', selectItem, result([item({ preview: undefined })]), null),
  oneBot('query: a dialog answer', query, ok({ task: { type: 'continue', value: {} } }), 'query.body'),
  oneBot('query: nothing', query, ok(undefined), 'query.body'),
  oneBot('query: botMessagePreview', query, ok({ composeExtension: { type: 'botMessagePreview' } }), 'query.type'),
  oneBot('selectItem: silentAuth', selectItem, signIn('silentAuth'), 'query.type'),
  oneBot(
    'query: a message without text',
    query,
    ok({ composeExtension: { type: 'message', text: '' } }),
    'query.message'
  ),
  oneBot('query: attachmentLayout "carousel"', query, result([item()], 'carousel'), 'query.result'),
  oneBot('selectItem: two cards', selectItem, result([item(), item()]), 'query.result'),
  oneBot(
    'query: a hero card as the content',
    query,
    result([item({ contentType: 'application/vnd.microsoft.card.hero' })]),
    'query.card'
  ),
  oneBot('query: an Adaptive Card without a preview', query, result([item({ preview: undefined })]), 'query.preview'),
  oneBot(
    'query: a preview without a title',
    query,
    result([item({ preview: thumbnail({ text: 'x' }) })]),
    'query.preview'
  ),
  oneBot(
    'query: a tap that opens a URL',
    query,
    result([item({ preview: thumbnail({ title: 'T', tap: { type: 'openUrl', value: 'https://x' } }) })]),
    'query.preview'
  ),
  oneBot('query: silentAuth without actions', query, signIn('silentAuth', []), 'query.auth'),
  oneBot(
    'query: auth with an http link',
    query,
    signIn('auth', [{ type: 'openUrl', value: 'http://x', title: 'Sign in' }]),
    'query.auth'
  )
];

describe('the invoke contract: a search command (query, selectItem)', () => {
  it.each(cases)('%s', (_what, request, answers, rule) => {
    expect(brokenRule(request, answers)).toBe(rule);
  });

  it('every query rule has a failing example above', () => {
    const failing = new Set(cases.map((c) => c[3]));
    const rules = Object.keys(INVOKE_RULES).filter((rule) => rule.startsWith('query.'));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((rule) => !failing.has(rule as InvokeRule))).toEqual([]);
  });
});
