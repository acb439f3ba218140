// The message extension answers of the invoke contract (invoke-contract.ts is the entry point):
// composeExtension/fetchTask and composeExtension/submitAction of an action command.
import { isEmpty, isHttpsUrl, isObject, nonEmpty, shown, type Rules, type Violate } from './invoke-contract-shared';

const FETCH =
  'msteams-docs, messaging-extensions/how-to/action-commands/create-task-module.md, "Respond to the fetchTask"';
const SUBMIT = 'msteams-docs, messaging-extensions/how-to/action-commands/respond-to-task-module-submit.md';
const AUTH = 'msteams-docs, messaging-extensions/how-to/add-authentication.md, "Respond with a sign in action"';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

export const MESSAGE_EXTENSION_RULES = {
  'me.body':
    `${FETCH} ("respond with a task object") and ${SUBMIT} (no response, another dialog, a card, a bot message ` +
    'preview, sign-in or configuration): {task} or {composeExtension} (and cacheInfo), one of them',
  'me.task.type': `${FETCH}: task.type "Can be either continue to present a form, or message for a simple pop-up"`,
  'me.task.message': `${FETCH}: a task of type message has "a string for a message" as its value`,
  'me.task.info': `${FETCH}: a task of type continue has a taskInfo value with a card or a url, one of them`,
  'me.task.card': `${FETCH}: taskInfo.card is the Adaptive Card attachment {contentType: '${ADAPTIVE}', content}`,
  'me.task.url': `${FETCH}: taskInfo.url (and fallbackUrl) an https URL from the manifest's validDomains`,
  'me.task.size': `${FETCH}: height and width "must be either an integer (in pixels), or small, medium, large"`,
  'me.task.title': `${FETCH}: taskInfo.title "The title of the dialog"`,
  'me.type':
    `${FETCH} and ${SUBMIT}: fetchTask answers a dialog, or asks for sign-in or configuration (auth, config; Teams ` +
    'resends the invoke afterwards); submitAction may also answer result or botMessagePreview. Neither takes ' +
    'message or silentAuth (silent SSO is for search and link unfurling only, message-extension-sso-code.md)',
  'me.auth.actions':
    `${AUTH}: {type: 'auth' | 'config', suggestedActions: {actions: [{type: 'openUrl', value: <https URL>, ` +
    'title}]}}',
  'me.result':
    `${SUBMIT}, "Respond with a card inserted into the compose message area": {type: 'result', ` +
    "attachmentLayout: 'list' | 'grid', attachments: [{contentType, content, preview?}, …]}",
  'me.preview': `${SUBMIT}: activityPreview "must contain a message activity with exactly 1 adaptive card attachment"`
} satisfies Rules;

const ANSWER_KEYS: ReadonlySet<string> = new Set(['task', 'composeExtension', 'cacheInfo']);
const SIZES: ReadonlySet<unknown> = new Set(['small', 'medium', 'large']);
const TYPES = {
  fetchTask: new Set(['auth', 'config']),
  submitAction: new Set(['result', 'botMessagePreview', 'auth', 'config'])
} as const;

/** The answer to fetchTask or submitAction. submitAction may answer nothing (the dialog closes). */
export function checkDialogAnswer(v: Violate, body: unknown, invoke: 'fetchTask' | 'submitAction'): void {
  if (invoke === 'submitAction' && isEmpty(body)) return;
  if (!isObject(body)) v('me.body', 'body', `must be {task} or {composeExtension}, got ${shown(body)}`);
  const stray = Object.keys(body).filter((k) => !ANSWER_KEYS.has(k));
  const has = (k: string) => body[k] !== undefined && body[k] !== null;
  if (stray.length > 0 || has('task') === has('composeExtension'))
    v('me.body', 'body', `must have task or composeExtension, exactly one (and nothing else), got ${shown(body)}`);
  if (has('task')) checkTask(v, body.task);
  else checkComposeExtension(v, body.composeExtension, invoke);
}

function checkTask(v: Violate, task: unknown): void {
  if (!isObject(task)) v('me.task.type', 'body.task', `must be {type, value}, got ${shown(task)}`);
  if (task.type === 'message') {
    if (!nonEmpty(task.value))
      v('me.task.message', 'body.task.value', `must be a non-empty string, got ${shown(task.value)}`);
    return;
  }
  if (task.type !== 'continue')
    v('me.task.type', 'body.task.type', `must be 'continue' or 'message', got ${shown(task.type)}`);
  const info = task.value;
  if (!isObject(info)) v('me.task.info', 'body.task.value', `must be a taskInfo object, got ${shown(info)}`);
  const given = (k: string) => info[k] !== undefined && info[k] !== null;
  if (given('card') === given('url'))
    v('me.task.info', 'body.task.value', `must have card or url, exactly one, got ${shown(Object.keys(info))}`);
  if (given('card')) {
    const card = info.card;
    if (
      !isObject(card) ||
      card.contentType !== ADAPTIVE ||
      !isObject(card.content) ||
      card.content.type !== 'AdaptiveCard'
    )
      v(
        'me.task.card',
        'body.task.value.card',
        `must be {contentType: '${ADAPTIVE}', content: an Adaptive Card}, got ${shown(card)}`
      );
  }
  for (const k of ['url', 'fallbackUrl'])
    if (given(k) && !isHttpsUrl(info[k]))
      v('me.task.url', `body.task.value.${k}`, `must be an https URL, got ${shown(info[k])}`);
  for (const k of ['height', 'width']) {
    const size = info[k];
    if (size !== undefined && !SIZES.has(size) && !(Number.isInteger(size) && (size as number) > 0))
      v(
        'me.task.size',
        `body.task.value.${k}`,
        `must be a positive integer or small, medium, large, got ${shown(size)}`
      );
  }
  if (info.title !== undefined && typeof info.title !== 'string')
    v('me.task.title', 'body.task.value.title', `must be a string, got ${shown(info.title)}`);
}

function checkComposeExtension(v: Violate, result: unknown, invoke: 'fetchTask' | 'submitAction'): void {
  const type = isObject(result) ? result.type : undefined;
  if (!isObject(result) || typeof type !== 'string' || !TYPES[invoke].has(type))
    v(
      'me.type',
      'body.composeExtension.type',
      `must be one of ${[...TYPES[invoke]].join(', ')} for ${invoke}, got ${shown(type ?? result)}`
    );
  if (type === 'auth' || type === 'config') {
    const actions = isObject(result.suggestedActions) ? result.suggestedActions.actions : undefined;
    const good = (a: unknown) => isObject(a) && a.type === 'openUrl' && isHttpsUrl(a.value) && nonEmpty(a.title);
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every(good))
      v(
        'me.auth.actions',
        'body.composeExtension.suggestedActions.actions',
        `must be [{type: 'openUrl', value: <https URL>, title}, …], got ${shown(actions)}`
      );
  } else if (type === 'result') {
    const { attachmentLayout, attachments } = result;
    const good = (a: unknown) => isObject(a) && nonEmpty(a.contentType) && a.content !== undefined;
    if (attachmentLayout !== 'list' && attachmentLayout !== 'grid')
      v('me.result', 'body.composeExtension.attachmentLayout', `must be list or grid, got ${shown(attachmentLayout)}`);
    if (!Array.isArray(attachments) || attachments.length === 0 || !attachments.every(good))
      v(
        'me.result',
        'body.composeExtension.attachments',
        `must be [{contentType, content}, …], got ${shown(attachments)}`
      );
  } else {
    const preview = result.activityPreview;
    const attachments = isObject(preview) ? preview.attachments : undefined;
    if (
      !isObject(preview) ||
      preview.type !== 'message' ||
      !Array.isArray(attachments) ||
      attachments.length !== 1 ||
      !isObject(attachments[0]) ||
      attachments[0].contentType !== ADAPTIVE
    )
      v(
        'me.preview',
        'body.composeExtension.activityPreview',
        `must be a message with exactly one Adaptive Card attachment, got ${shown(preview)}`
      );
  }
}

const SEARCH = 'msteams-docs, messaging-extensions/how-to/search-commands/respond-to-search.md';
const SEARCH_SSO = 'msteams-docs, bots/how-to/authentication/message-extension-sso-code.md';
const PREVIEWS: ReadonlySet<unknown> = new Set([
  'application/vnd.microsoft.card.thumbnail',
  'application/vnd.microsoft.card.hero'
]);

export const SEARCH_COMMAND_RULES = {
  'query.body': `${SEARCH}: the answer is {composeExtension: {type, …}} (and cacheInfo), nothing else`,
  'query.type':
    `${SEARCH}: query answers result, message, auth or config; silentAuth is the SSO sign-in of a query ` +
    `(${SEARCH_SSO}); selectItem answers the chosen item as a result (or a message)`,
  'query.message': `${SEARCH}: type message "Displays a plain text message": {type: 'message', text}`,
  'query.result':
    `${SEARCH}: {type: 'result', attachmentLayout: 'list' | 'grid', attachments: [{contentType, content, preview}]}; ` +
    'a selectItem answers exactly the one chosen item',
  'query.card': `${SEARCH}: an attachment's content is an Adaptive Card ({contentType: '${ADAPTIVE}', content})`,
  'query.preview':
    `${SEARCH}: an Adaptive Card result shows in the list through its preview, a thumbnail or hero card ` +
    "with a title; its tap, when given, is {type: 'invoke', value} (sent back as composeExtension/selectItem)",
  'query.auth': `${SEARCH} and ${SEARCH_SSO}: suggestedActions.actions [{type: 'openUrl', value: <https URL>, title}]`
} satisfies Rules;

/** The answer to composeExtension/query or composeExtension/selectItem of a search command. */
export function checkQueryAnswer(v: Violate, body: unknown, invoke: 'query' | 'selectItem'): void {
  if (!isObject(body) || !isObject(body.composeExtension) || Object.keys(body).some((k) => !ANSWER_KEYS.has(k)))
    v('query.body', 'body', `must be {composeExtension}, got ${shown(body)}`);
  if (body.task !== undefined) v('query.body', 'body.task', 'must be absent: a search answers no dialog');
  const result = body.composeExtension as Record<string, unknown>;
  const types = invoke === 'query' ? ['result', 'message', 'auth', 'silentAuth', 'config'] : ['result', 'message'];
  if (typeof result.type !== 'string' || !types.includes(result.type))
    v('query.type', 'body.composeExtension.type', `must be one of ${types.join(', ')}, got ${shown(result.type)}`);
  if (result.type === 'message') {
    if (!nonEmpty(result.text))
      v('query.message', 'body.composeExtension.text', `must be a non-empty string, got ${shown(result.text)}`);
    return;
  }
  if (result.type !== 'result') {
    const actions = isObject(result.suggestedActions) ? result.suggestedActions.actions : undefined;
    const good = (a: unknown) => isObject(a) && a.type === 'openUrl' && isHttpsUrl(a.value) && nonEmpty(a.title);
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every(good))
      v('query.auth', 'body.composeExtension.suggestedActions.actions', `got ${shown(actions)}`);
    return;
  }
  const { attachmentLayout, attachments } = result;
  if (attachmentLayout !== 'list' && attachmentLayout !== 'grid')
    v('query.result', 'body.composeExtension.attachmentLayout', `must be list or grid, got ${shown(attachmentLayout)}`);
  if (!Array.isArray(attachments) || (invoke === 'selectItem' && attachments.length !== 1))
    v('query.result', 'body.composeExtension.attachments', `must be an array (one item for selectItem)`);
  attachments.forEach((a: unknown, i: number) => {
    const at = `body.composeExtension.attachments[${i}]`;
    if (!isObject(a) || a.contentType !== ADAPTIVE || !isObject(a.content) || a.content.type !== 'AdaptiveCard')
      v('query.card', at, `must be an Adaptive Card attachment, got ${shown(a)}`);
    if (invoke === 'selectItem') return;
    const preview = a.preview;
    if (!isObject(preview) || !PREVIEWS.has(preview.contentType) || !isObject(preview.content))
      v('query.preview', `${at}.preview`, `must be a thumbnail or hero card, got ${shown(preview)}`);
    const { title, tap } = preview.content as Record<string, unknown>;
    if (!nonEmpty(title)) v('query.preview', `${at}.preview.content.title`, `must be non-empty, got ${shown(title)}`);
    if (tap !== undefined && (!isObject(tap) || tap.type !== 'invoke' || !isObject(tap.value)))
      v('query.preview', `${at}.preview.content.tap`, `must be {type: 'invoke', value: {…}}, got ${shown(tap)}`);
  });
}
