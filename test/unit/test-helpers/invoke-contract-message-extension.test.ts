// The invoke contract's message extension rules (test/helpers/invoke-contract-message-extension.ts):
// Microsoft's documented fetchTask and submitAction answers pass, each other shape fails with the
// rule it breaks; the last test checks that every message extension rule has a failing example.
import { INVOKE_RULES, type InvokeRule } from '../../helpers/invoke-contract';
import {
  brokenRule,
  card,
  CARD_TYPE,
  type Case,
  fetchTask,
  ok,
  oneBot,
  submitAction
} from './invoke-contract-examples';

const dialog = (value: Record<string, unknown> = {}) =>
  ok({ task: { type: 'continue', value: { title: 'Dialog title', height: 500, width: 'medium', ...value } } });
const withCard = { card: { contentType: CARD_TYPE, content: card } };
const signInAction = { type: 'openUrl', value: 'https://example.com/auth', title: 'Sign in to this app' };
const compose = (result: Record<string, unknown>) => ok({ composeExtension: result });
const authAnswer = (actions: unknown[] = [signInAction], type = 'auth') =>
  compose({ type, suggestedActions: { actions } });
const heroAttachment = { contentType: 'application/vnd.microsoft.card.hero', content: { title: 'x' } };
const preview = (attachments: unknown[]) =>
  compose({ type: 'botMessagePreview', activityPreview: { type: 'message', attachments } });

const messageExtension: Case[] = [
  oneBot('fetchTask: a dialog with a card', fetchTask, dialog(withCard), null),
  oneBot(
    'fetchTask: a dialog with a web view',
    fetchTask,
    dialog({ url: 'https://contoso.com/x', fallbackUrl: 'https://contoso.com/x' }),
    null
  ),
  oneBot('fetchTask: a message task', fetchTask, ok({ task: { type: 'message', value: 'Nothing to do.' } }), null),
  oneBot('fetchTask: the documented sign-in answer', fetchTask, authAnswer(), null),
  oneBot('fetchTask: a configuration answer', fetchTask, authAnswer([signInAction], 'config'), null),
  oneBot(
    'fetchTask: a result',
    fetchTask,
    compose({ type: 'result', attachmentLayout: 'list', attachments: [heroAttachment] }),
    'me.type'
  ),
  oneBot('fetchTask: a bot message preview', fetchTask, preview([withCard.card]), 'me.type'),
  oneBot(
    'fetchTask: a composeExtension message',
    fetchTask,
    compose({ type: 'message', text: 'Go to the 1:1 chat' }),
    'me.type'
  ),
  oneBot('fetchTask: silentAuth (query commands only)', fetchTask, authAnswer([signInAction], 'silentAuth'), 'me.type'),
  oneBot('fetchTask: no answer', fetchTask, ok(undefined), 'me.body'),
  oneBot('fetchTask: {}', fetchTask, ok({}), 'me.body'),
  oneBot(
    'fetchTask: task and composeExtension',
    fetchTask,
    ok({ task: { type: 'message', value: 'x' }, composeExtension: {} }),
    'me.body'
  ),
  oneBot(
    'fetchTask: a stray key',
    fetchTask,
    ok({ task: { type: 'message', value: 'x' }, statusCode: 200 }),
    'me.body'
  ),
  oneBot('fetchTask: task.type "auth"', fetchTask, ok({ task: { type: 'auth', value: {} } }), 'me.task.type'),
  oneBot(
    'fetchTask: an empty message task',
    fetchTask,
    ok({ task: { type: 'message', value: '' } }),
    'me.task.message'
  ),
  oneBot('fetchTask: neither card nor url', fetchTask, dialog(), 'me.task.info'),
  oneBot('fetchTask: card and url', fetchTask, dialog({ ...withCard, url: 'https://contoso.com/x' }), 'me.task.info'),
  oneBot('fetchTask: the bare card, not its attachment', fetchTask, dialog({ card }), 'me.task.card'),
  oneBot('fetchTask: an http: web view', fetchTask, dialog({ url: 'http://contoso.com/x' }), 'me.task.url'),
  oneBot('fetchTask: height "huge"', fetchTask, dialog({ ...withCard, height: 'huge' }), 'me.task.size'),
  oneBot('fetchTask: a numeric title', fetchTask, dialog({ ...withCard, title: 7 }), 'me.task.title'),
  oneBot('fetchTask: sign-in without actions', fetchTask, authAnswer([]), 'me.auth.actions'),
  oneBot(
    'fetchTask: a signin action instead of openUrl',
    fetchTask,
    authAnswer([{ ...signInAction, type: 'signin' }]),
    'me.auth.actions'
  ),
  oneBot(
    'fetchTask: an http: sign-in URL',
    fetchTask,
    authAnswer([{ ...signInAction, value: 'http://x.test' }]),
    'me.auth.actions'
  ),
  oneBot(
    'fetchTask: a sign-in action without a title',
    fetchTask,
    authAnswer([{ ...signInAction, title: '' }]),
    'me.auth.actions'
  ),
  oneBot('submitAction: no answer (the dialog closes)', submitAction, ok(undefined), null),
  oneBot('submitAction: {} (teams-ai\'s "no action")', submitAction, ok({}), null),
  oneBot('submitAction: another dialog', submitAction, dialog(withCard), null),
  oneBot(
    'submitAction: a card for the compose box',
    submitAction,
    compose({ type: 'result', attachmentLayout: 'list', attachments: [heroAttachment] }),
    null
  ),
  oneBot('submitAction: a bot message preview', submitAction, preview([withCard.card]), null),
  oneBot('submitAction: sign-in', submitAction, authAnswer(), null),
  oneBot('submitAction: a composeExtension message', submitAction, compose({ type: 'message', text: 'x' }), 'me.type'),
  oneBot(
    'submitAction: a carousel',
    submitAction,
    compose({ type: 'result', attachmentLayout: 'carousel', attachments: [heroAttachment] }),
    'me.result'
  ),
  oneBot(
    'submitAction: a result without attachments',
    submitAction,
    compose({ type: 'result', attachmentLayout: 'grid', attachments: [] }),
    'me.result'
  ),
  oneBot('submitAction: a preview with two cards', submitAction, preview([withCard.card, withCard.card]), 'me.preview'),
  oneBot('submitAction: a preview of a hero card', submitAction, preview([heroAttachment]), 'me.preview')
];

describe('the invoke contract: message extension', () => {
  it.each(messageExtension)('%s', (_what, request, answers, rule) => {
    expect(brokenRule(request, answers)).toBe(rule);
  });

  it('every message extension rule has a failing example above', () => {
    const failing = new Set(messageExtension.map((c) => c[3]));
    const rules = Object.keys(INVOKE_RULES).filter((rule) => rule.startsWith('me.'));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((rule) => !failing.has(rule as InvokeRule))).toEqual([]);
  });
});
