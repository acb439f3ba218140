// The "bad input" corpus: malformed, oversized, tampered and malicious requests for
// /api/messages, generated here (form fields × hostile values, verbs, `value` shapes, prototype
// pollution, envelope breakage, transport breakage, hostile commands, Bot Framework tokens) plus
// the hand-written cases in test/fixtures/bad-input/*.json. Each case is the exact bytes and
// headers to send and what must (not) happen. test/reliability/bad-input.test.ts sends them.
//
// Almost every case must leave the Graph sandbox untouched. A few are valid-but-weird (markup,
// SQL or an RTL override typed into an otherwise valid form): those carry `expect.post` and must
// post exactly once, as the person, with the text escaped.
import { createHmac, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Where this checkout lives: a response naming it would leak a source path.
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
import { gzipSync } from 'node:zlib';
import jwt from 'jsonwebtoken';
import { fixture, type Activity } from './fixtures';
import { signBotFrameworkToken, strangerKey } from './bot-framework-auth';
import { ssoTokenFor } from './entra';
import { PATHOLOGICAL_TEXTS } from './pathological-texts';

export const FIELDS = ['draftId', 'groupId', 'topic', 'body', 'participants', 'otherEmails'] as const;
export type Field = (typeof FIELDS)[number];

export type Category =
  | 'form field'
  | 'verb'
  | 'value shape'
  | 'prototype pollution'
  | 'sso token'
  | 'envelope'
  | 'transport'
  | 'command'
  | 'auth header'
  | 'teams body'
  | 'hand-written';

/** A valid-but-weird form: it must be posted exactly once, found in the sandbox by `marker`. */
export interface ExpectedPost {
  marker: string;
  /** The topic as stored (trimmed, lone surrogates as U+FFFD). */
  topic: string;
  /** The message as typed; stored as HTML, escaped, line breaks as <br>. */
  text: string;
  /** newParticipants addresses, in order. */
  participants: string[];
}

export interface BadInputCase {
  id: string;
  category: Category;
  mode: 'local' | 'teams';
  /** Exactly what is sent. */
  body: string | Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  /** Set when the body is an activity with an id of ours: its log lines are checked. */
  activityId?: string;
  expect: {
    /** The exact HTTP status, when the case pins one (auth failures: 401). */
    status?: number;
    post?: ExpectedPost;
    /** For an adaptiveCard/action answered 200: the invoke answer's kind. */
    answer?: 'card' | 'error' | 'login';
    /** A bug found by this corpus and not fixed yet: the turn may log an unhandled error. */
    knownBug?: string;
    note?: string;
  };
}

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json' });
/** Stands for 10,000 nested objects: JSON.stringify itself would overflow the stack on them. */
const DEEP = '\u0000deep\u0000';
const DEEP_JSON = `${'{"a":'.repeat(10_000)}"bottom"${'}'.repeat(10_000)}`;
const json = (value: unknown) => JSON.stringify(value).split(JSON.stringify(DEEP)).join(DEEP_JSON);

// ---------------------------------------------------------------------------------------------
// Hostile values for form fields

const GUID_TEXT = 'abcdef01-2345-4678-9abc-def012345678';
const guidList = (n: number) =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',');
const emailList = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@example.test`).join(', ');

/** What a GUID-shaped hostile value refers to, per field: the real one where the field has one. */
interface FieldGuids {
  draftId: string;
  groupId: string;
  participants: string;
  finance: string;
  security: string;
}

interface HostileValue {
  name: string;
  value(field: Field, g: FieldGuids): unknown;
  /** The fields for which the form stays valid, so the bot must post it. */
  posts: readonly Field[];
}

const ANY_TEXT: readonly Field[] = ['topic', 'body'];
const BLANK_OK: readonly Field[] = ['participants', 'otherEmails'];
const constant = (v: unknown) => () => v;

export const HOSTILE_VALUES: readonly HostileValue[] = [
  { name: 'null', value: constant(null), posts: BLANK_OK },
  { name: 'number 42', value: constant(42), posts: [] },
  { name: 'true', value: constant(true), posts: [] },
  { name: 'object {}', value: constant({}), posts: [] },
  { name: 'array []', value: constant([]), posts: [] },
  { name: 'empty string', value: constant(''), posts: BLANK_OK },
  { name: 'one space', value: constant(' '), posts: BLANK_OK },
  { name: '256 characters', value: constant('x'.repeat(256)), posts: ['body'] },
  { name: '100k characters', value: constant('y'.repeat(100_000)), posts: [] },
  { name: 'path traversal', value: constant('../../users/x'), posts: ANY_TEXT },
  { name: 'encoded traversal', value: constant('%2e%2e%2f'), posts: ANY_TEXT },
  { name: 'SQL injection', value: constant("'; DROP TABLE drafts;--"), posts: ANY_TEXT },
  { name: 'script tag', value: constant('<script>alert(1)</script>'), posts: ANY_TEXT },
  { name: 'img onerror', value: constant('<img src=x onerror=alert(1)>'), posts: ANY_TEXT },
  { name: 'javascript: URL', value: constant('javascript:alert(1)'), posts: ANY_TEXT },
  { name: 'template ${}', value: constant('${topic}'), posts: ANY_TEXT },
  { name: 'template {{}}', value: constant('{{7*7}}'), posts: ANY_TEXT },
  { name: 'NUL character', value: constant('\u0000'), posts: ANY_TEXT },
  { name: 'RTL override', value: constant('invoice\u202egnp.exe'), posts: ANY_TEXT },
  { name: 'emoji and astral', value: constant('📣 Launch 🚀 𝐁𝐨𝐥𝐝 👩🏽‍💻'), posts: ANY_TEXT },
  { name: 'lone surrogate', value: constant('lone \ud800 surrogate'), posts: ANY_TEXT },
  { name: '101 GUIDs', value: constant(guidList(101)), posts: ['body'] },
  // A group the person is not in (private: Graph answers 403); as a participant it is no user.
  { name: 'Finance group GUID', value: (_f, g) => g.finance, posts: ['draftId', 'topic', 'body'] },
  { name: 'security group GUID', value: (_f, g) => g.security, posts: ['draftId', 'topic', 'body'] },
  {
    name: 'upper-case GUID',
    value: (f, g) =>
      (f === 'draftId'
        ? g.draftId
        : f === 'groupId'
          ? g.groupId
          : f === 'participants'
            ? g.participants
            : GUID_TEXT
      ).toUpperCase(),
    posts: ['draftId', 'groupId', 'participants', 'topic', 'body']
  },
  {
    // draftId is never trimmed (a padded id is a damaged form); the other GUID inputs are.
    name: 'whitespace-padded GUID',
    value: (f, g) => {
      const guid =
        f === 'draftId' ? g.draftId : f === 'groupId' ? g.groupId : f === 'participants' ? g.participants : GUID_TEXT;
      return ` \t${guid}\n `;
    },
    posts: ['groupId', 'participants', 'topic', 'body']
  },
  { name: 'CRLF header injection', value: constant('a\r\nBcc: x@y.z'), posts: ANY_TEXT },
  { name: 'email without dot', value: constant('a@b'), posts: ANY_TEXT },
  { name: 'quoted local part', value: constant('"a b"@c.d'), posts: ANY_TEXT },
  { name: 'email with trailing comma', value: constant('a@b.c,'), posts: ['topic', 'body', 'otherEmails'] },
  { name: '101 emails', value: constant(emailList(101)), posts: ['body'] },
  // Inputs that made backtracking patterns take seconds (issue 13): each over every limit and refused
  // at once, except as a topic that trims to a few characters (100 KB of spaces, then x: topic "x").
  ...PATHOLOGICAL_TEXTS.map(([name, text]) => ({
    name: `pathological: ${name}`,
    value: constant(text),
    posts: text.trim() !== '' && text.trim().length <= 255 ? (['topic'] as const) : ([] as const)
  }))
];

// ---------------------------------------------------------------------------------------------
// Text helpers shared with the test

/** Lone surrogates become U+FFFD once stored as UTF-8 (String.prototype.toWellFormed). */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * For comparing what was typed with what the sandbox stored: a lone surrogate is stored as one or
 * more U+FFFD (the sandbox's SQLite receives it as WTF-8 bytes), so runs of U+FFFD count as one.
 */
export function comparable(s: string): string {
  return wellFormed(s).replace(/\ufffd+/g, '\ufffd');
}

/** The stored HTML read back as the text it shows: <br> → line break, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The typed text as the HTML post would show it (line breaks of any kind become one). */
export function normalisedText(text: string): string {
  return wellFormed(text).replace(/\r\n|\r/g, '\n');
}

/** Bodies a caller may see must not carry anything from inside the process. */
export function internalsIn(text: string): string | undefined {
  if (/\n\s+at /.test(text) || /\\n\s+at /.test(text)) return 'a stack frame';
  if (/\bat \S+ \(?\/?[\w./-]+:\d+:\d+\)?/.test(text)) return 'a stack frame';
  if (/\b\w*Error: [^"]*\/[\w.-]+\/[\w.-]+/.test(text)) return '"Error:" followed by a path';
  if (text.includes('node_modules')) return 'node_modules';
  if (text.includes(PROJECT_ROOT)) return 'a source path';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Builders

class Ids {
  private n = 0;
  next(): number {
    return ++this.n;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface LocalCorpusContext {
  userId: string;
  tenantId: string;
  /** A Microsoft 365 group the person is in (posts go there). */
  groupId: string;
  financeGroupId: string;
  securityGroupId: string;
  participant: { id: string; address: string };
  otherEmail: string;
  /** A loopback channel that accepts replies (normal delivery, as the Agents Playground). */
  channelServiceUrl: string;
}

/** Every local-mode case: the anonymous bot on loopback, acting as the seeded current user. */
export function buildLocalCorpus(ctx: LocalCorpusContext): BadInputCase[] {
  const ids = new Ids();
  const cases: BadInputCase[] = [];
  const draftId = (n: number) => `bad00000-0000-4000-8000-${pad(n, 12)}`;
  const baseText = 'Posted by the bad-input suite.\nSecond line.';

  const asMe = (a: Activity, n: number) => {
    a.id = `bad-input-${pad(n, 4)}`;
    a.from = { ...a.from, id: '29:alex-teams-user-id', name: 'Alex Wilber', aadObjectId: ctx.userId };
    a.conversation = { ...a.conversation, tenantId: ctx.tenantId };
    if (a.channelData?.tenant) a.channelData.tenant.id = ctx.tenantId;
    // Local mode refuses a serviceUrl off loopback: the Agents Playground's is its own connector.
    a.serviceUrl = ctx.channelServiceUrl;
  };
  const validForm = (n: number, marker: string) => ({
    draftId: draftId(n),
    groupId: ctx.groupId,
    topic: `bad-input ${marker}`,
    body: baseText,
    participants: ctx.participant.id,
    otherEmails: ctx.otherEmail
  });
  const invoke = (n: number, data: Record<string, unknown>, patch: (a: Activity) => void = () => undefined): Activity =>
    fixture('invoke-create-conversation', (a) => {
      asMe(a, n);
      a.value.action.data = data;
      patch(a);
    });
  const message = (n: number, patch: (a: Activity) => void): Activity =>
    fixture('message-new', (a) => {
      asMe(a, n);
      a.text = 'help';
      a.deliveryMode = 'expectReplies';
      patch(a);
    });
  const add = (c: Omit<BadInputCase, 'mode' | 'headers'> & { headers?: Record<string, string> }) => {
    cases.push({ mode: 'local', headers: { ...JSON_HEADERS }, ...c });
  };
  const postOf = (
    marker: string,
    topic: string,
    text: string,
    participants = [ctx.participant.address, ctx.otherEmail]
  ): ExpectedPost => ({
    marker,
    topic: wellFormed(topic.trim()),
    text,
    participants
  });

  // Form fields × hostile values, each in an otherwise valid Post.
  for (const field of FIELDS) {
    for (const hostile of HOSTILE_VALUES) {
      const n = ids.next();
      const marker = `m${pad(n, 4)}`;
      const form: Record<string, unknown> = validForm(n, marker);
      if (field === 'topic') form.body = `bad-input ${marker}`;
      const value = hostile.value(field, {
        draftId: draftId(n),
        groupId: ctx.groupId,
        participants: ctx.participant.id,
        finance: ctx.financeGroupId,
        security: ctx.securityGroupId
      });
      form[field] = value;
      const activity = invoke(n, form);
      let post: ExpectedPost | undefined;
      if (hostile.posts.includes(field)) {
        const text = String(form.body);
        const blank = value === null || (typeof value === 'string' && value.trim() === '');
        const people = field === 'participants' && blank ? [] : [ctx.participant.address];
        const emails =
          field === 'otherEmails'
            ? String(value ?? '')
                .split(/[,;]/)
                .map((s) => s.trim())
                .filter(Boolean)
            : [ctx.otherEmail];
        post = postOf(marker, String(form.topic), text, [...people, ...emails]);
      }
      add({
        id: `form field/${field}/${hostile.name}`,
        category: 'form field',
        body: json(activity),
        activityId: activity.id,
        expect: { answer: 'card', post }
      });
    }
  }

  // Verbs: an otherwise valid form under a verb the bot does not know (or a cancel).
  const verbs: [string, unknown][] = [
    ['unknown', 'deleteEverything'],
    ['empty', ''],
    ['number', 42],
    ['object', { verb: 'createConversation' }],
    ['array', ['createConversation']],
    ['null', null],
    ['boolean', true],
    ['10k characters', 'v'.repeat(10_000)],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['trailing space', 'createConversation '],
    ['other case', 'CreateConversation'],
    ['NUL suffix', 'createConversation\u0000'],
    ['zero-width space', 'create\u200bConversation']
  ];
  for (const [name, verb] of verbs) {
    const n = ids.next();
    const activity = invoke(n, validForm(n, `m${pad(n, 4)}`), (a) => (a.value.action.verb = verb));
    add({
      id: `verb/${name}`,
      category: 'verb',
      body: json(activity),
      activityId: activity.id,
      expect: { answer: 'error' }
    });
  }
  {
    const n = ids.next();
    const activity = invoke(n, validForm(n, `m${pad(n, 4)}`), (a) => delete a.value.action.verb);
    add({
      id: 'verb/missing',
      category: 'verb',
      body: json(activity),
      activityId: activity.id,
      expect: { answer: 'error' }
    });
    const c = ids.next();
    const cancel = invoke(c, validForm(c, `m${pad(c, 4)}`), (a) => (a.value.action.verb = 'cancelDraft'));
    add({
      id: 'verb/cancel with a full form',
      category: 'verb',
      body: json(cancel),
      activityId: cancel.id,
      expect: { answer: 'card' }
    });
  }

  // `value` shapes.
  const valueShapes: [string, (a: Activity, form: Record<string, unknown>) => void, 'card' | 'error'][] = [
    ['value missing', (a) => delete a.value, 'error'],
    ['value null', (a) => (a.value = null), 'error'],
    ['value string', (a) => (a.value = 'createConversation'), 'error'],
    ['value number', (a) => (a.value = 7), 'error'],
    ['value array', (a, f) => (a.value = [{ action: { verb: 'createConversation', data: f } }]), 'error'],
    ['value {}', (a) => (a.value = {}), 'error'],
    ['action missing', (a) => delete a.value.action, 'error'],
    ['action null', (a) => (a.value.action = null), 'error'],
    ['action string', (a) => (a.value.action = 'createConversation'), 'error'],
    ['action array', (a, f) => (a.value.action = [{ verb: 'createConversation', data: f }]), 'error'],
    ['action.data missing', (a) => delete a.value.action.data, 'card'],
    ['action.data string', (a, f) => (a.value.action.data = JSON.stringify(f)), 'card'],
    ['action.data array', (a, f) => (a.value.action.data = [f]), 'card'],
    ['action.data null', (a) => (a.value.action.data = null), 'card'],
    ['action.data number', (a) => (a.value.action.data = 1), 'card'],
    ['action.data nested one level down', (a, f) => (a.value.action.data = { data: f }), 'card'],
    ['form fields at value level', (a, f) => (a.value = { action: { verb: 'createConversation' }, ...f }), 'card'],
    ['action.data 10k levels deep', (a) => (a.value.action.data = DEEP), 'card']
  ];
  for (const [name, patch, answer] of valueShapes) {
    const n = ids.next();
    const form = validForm(n, `m${pad(n, 4)}`);
    const activity = invoke(n, form, (a) => patch(a, form));
    add({
      id: `value shape/${name}`,
      category: 'value shape',
      body: json(activity),
      activityId: activity.id,
      expect: { answer }
    });
  }

  // Prototype pollution: `__proto__` keys must stay data. JSON.stringify of a JS object cannot
  // carry them, so these are raw JSON with the key spliced in.
  const splice = (activity: Activity, anchor: string, insert: string) => {
    const text = json(activity);
    const at = text.indexOf(anchor);
    if (at < 0) throw new Error(`anchor ${anchor} not found`);
    return text.slice(0, at + anchor.length) + insert + text.slice(at + anchor.length);
  };
  const pollution: [
    string,
    (n: number, marker: string) => { body: string; post?: ExpectedPost; answer?: 'card' | 'error' }
  ][] = [
    [
      '__proto__ in action.data (valid form)',
      (n, m) => ({
        body: splice(invoke(n, validForm(n, m)), '"data":{', '"__proto__":{"polluted":true,"groupId":"x"},'),
        post: postOf(m, `bad-input ${m}`, baseText)
      })
    ],
    [
      'escaped \\u005f\\u005fproto__ in action.data',
      (n, m) => ({
        body: splice(invoke(n, validForm(n, m)), '"data":{', '"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true},'),
        post: postOf(m, `bad-input ${m}`, baseText)
      })
    ],
    [
      'constructor.prototype in action.data',
      (n, m) => ({
        body: splice(invoke(n, validForm(n, m)), '"data":{', '"constructor":{"prototype":{"polluted":true}},'),
        post: postOf(m, `bad-input ${m}`, baseText)
      })
    ],
    [
      '__proto__ carrying the form fields (no own fields)',
      (n) => ({
        body: splice(invoke(n, {}), '"data":{', `"__proto__":${json(validForm(n, 'proto-only'))}`),
        answer: 'card'
      })
    ],
    [
      '__proto__ carrying verb and data in action',
      (n, m) => ({
        body: splice(
          invoke(n, {}, (a) => (a.value.action = {})),
          '"action":{',
          `"__proto__":{"verb":"createConversation","data":${json(validForm(n, m))}}`
        ),
        answer: 'error'
      })
    ],
    [
      '__proto__ in value',
      (n, m) => ({
        body: splice(invoke(n, validForm(n, m)), '"value":{', '"__proto__":{"polluted":true},'),
        post: postOf(m, `bad-input ${m}`, baseText)
      })
    ],
    [
      '__proto__ at the activity top level',
      (n) => ({
        body: splice(
          message(n, () => undefined),
          '{',
          '"__proto__":{"polluted":true,"deliveryMode":"normal"},'
        )
      })
    ],
    [
      '__proto__ in channelData',
      (n) => ({
        body: splice(
          message(n, () => undefined),
          '"channelData":{',
          '"__proto__":{"polluted":true,"tenant":{"id":"x"}},'
        )
      })
    ],
    [
      '__proto__ in from',
      (n) => ({
        body: splice(
          message(n, () => undefined),
          '"from":{',
          '"__proto__":{"polluted":true,"isAdmin":true},'
        )
      })
    ],
    [
      '__proto__ in conversation',
      (n) => ({
        body: splice(
          message(n, () => undefined),
          '"conversation":{',
          '"__proto__":{"polluted":true,"conversationType":"channel"},'
        )
      })
    ]
  ];
  for (const [name, make] of pollution) {
    const n = ids.next();
    const made = make(n, `m${pad(n, 4)}`);
    add({
      id: `prototype pollution/${name}`,
      category: 'prototype pollution',
      body: made.body,
      activityId: `bad-input-${pad(n, 4)}`,
      expect: { post: made.post, answer: made.answer ?? (made.post ? 'card' : undefined) }
    });
  }

  // authentication.token garbage. Local mode takes the person's token from the local provider,
  // so the attached SSO token is never used: the form posts, as the person, whatever it carries.
  const ssoTokens: [string, unknown][] = [
    ['number', 42],
    ['object', { token: 'x' }],
    ['array', ['a.b.c']],
    ['empty', ''],
    ['100k characters', 't'.repeat(100_000)],
    ['three dots', 'a.b.c'],
    ['unsigned token of another person', unsignedJwt({ oid: ctx.participant.id, tid: ctx.tenantId })]
  ];
  for (const [name, token] of ssoTokens) {
    const n = ids.next();
    const marker = `m${pad(n, 4)}`;
    const activity = invoke(
      n,
      validForm(n, marker),
      (a) => (a.value.authentication = { id: 'auth-1', connectionName: '', token })
    );
    add({
      id: `sso token/${name}`,
      category: 'sso token',
      body: json(activity),
      activityId: activity.id,
      expect: {
        answer: 'card',
        post: postOf(marker, `bad-input ${marker}`, baseText),
        note: 'local mode ignores the SSO token'
      }
    });
  }

  // Envelope breakage, on a `help` message (expectReplies) unless said otherwise.
  const envelope: [string, (a: Activity) => void, number?][] = [
    ['type missing', (a) => delete a.type, 400],
    ['type number', (a) => (a.type = 123), 400],
    ['type empty', (a) => (a.type = ''), 400],
    ['type 65 characters', (a) => (a.type = 'm'.repeat(65)), 400],
    ['type unknown', (a) => (a.type = 'hostileType')],
    ['type event without name', (a) => (a.type = 'event')],
    ['channelId missing', (a) => delete a.channelId, 400],
    ['channelId object', (a) => (a.channelId = { id: 'msteams' }), 400],
    ['channelId other channel', (a) => (a.channelId = 'webchat')],
    ['serviceUrl missing', (a) => delete a.serviceUrl, 400],
    ['serviceUrl not a URL', (a) => (a.serviceUrl = 'smba'), 400],
    ['serviceUrl number', (a) => (a.serviceUrl = 443), 400],
    ['serviceUrl javascript:', (a) => (a.serviceUrl = 'javascript:alert(1)'), 400],
    ['serviceUrl file:', (a) => (a.serviceUrl = 'file:///etc/passwd'), 400],
    ['serviceUrl data:', (a) => (a.serviceUrl = 'data:text/plain,hello'), 400],
    ['serviceUrl 3k characters', (a) => (a.serviceUrl = `https://${'a'.repeat(3000)}.test/`), 400],
    [
      'serviceUrl file: without expectReplies',
      (a) => {
        a.serviceUrl = 'file:///etc/passwd';
        delete a.deliveryMode;
      },
      400
    ],
    ['from missing', (a) => delete a.from, 400],
    ['from null', (a) => (a.from = null), 400],
    ['from string', (a) => (a.from = 'alex'), 400],
    ['from without id', (a) => (a.from = { aadObjectId: ctx.userId }), 400],
    ['from.id number', (a) => (a.from.id = 42), 400],
    ['from.aadObjectId object', (a) => (a.from.aadObjectId = { $ne: null })],
    ['from.aadObjectId traversal', (a) => (a.from.aadObjectId = '../../users/x')],
    ['recipient string', (a) => (a.recipient = 'bot'), 400],
    ['recipient without id', (a) => (a.recipient = {}), 400],
    ['recipient missing', (a) => delete a.recipient, 400],
    ['conversation missing', (a) => delete a.conversation, 400],
    ['conversation string', (a) => (a.conversation = 'a:1'), 400],
    ['conversation.id empty', (a) => (a.conversation.id = ''), 400],
    ['conversation.id 2k characters', (a) => (a.conversation.id = 'c'.repeat(2000)), 400],
    ['conversation.tenantId object', (a) => (a.conversation.tenantId = { id: ctx.tenantId })],
    ['conversation.conversationType unknown', (a) => (a.conversation.conversationType = 'hostile')],
    ['id number', (a) => (a.id = 1), 400],
    ['text 200k characters', (a) => (a.text = 'h'.repeat(200_000)), 400],
    ['text number', (a) => (a.text = 42), 400],
    ['text null', (a) => (a.text = null), 400],
    ['text object', (a) => (a.text = { text: 'help' }), 400],
    ['name 300 characters', (a) => (a.name = 'n'.repeat(300)), 400],
    ['name number', (a) => (a.name = 5), 400],
    ['entities string', (a) => (a.entities = 'mention'), 400],
    ['entities with null and numbers', (a) => (a.entities = [null, 42, 'x', { type: 'mention' }]), 400],
    ['entities without type', (a) => (a.entities = [{ text: '<at>Bot</at>' }]), 400],
    ['entities mention without mentioned', (a) => (a.entities = [{ type: 'mention', text: '<at>Bot</at>' }]), 400],
    [
      'entities MENTION with mentioned.id number',
      (a) => (a.entities = [{ type: 'MENTION', text: '<at>Bot</at>', mentioned: { id: 7 } }]),
      400
    ],
    [
      'entities mention of the bot, message without text',
      (a) => {
        a.entities = [{ type: 'mention', text: '<at>Bot</at>', mentioned: { id: a.recipient.id } }];
        delete a.text;
      },
      400
    ],
    [
      'entities mention of the bot with text not a string',
      (a) => (a.entities = [{ type: 'mention', text: { t: 1 }, mentioned: { id: a.recipient.id } }])
    ],
    [
      'entities 1,000 mentions of the bot',
      (a) =>
        (a.entities = Array.from({ length: 1000 }, () => ({
          type: 'mention',
          text: 'help',
          mentioned: { id: a.recipient.id }
        }))),
      400
    ],
    ['attachments string', (a) => (a.attachments = 'x')],
    [
      'attachments with garbage',
      (a) =>
        (a.attachments = [
          null,
          { contentType: 'application/vnd.microsoft.card.adaptive', content: '<script>alert(1)</script>' }
        ])
    ],
    ['channelData string', (a) => (a.channelData = 'tenant')],
    ['channelData null', (a) => (a.channelData = null)],
    [
      'channelData.team.aadGroupId object',
      (a) => (a.channelData = { ...a.channelData, team: { aadGroupId: { $gt: '' } } })
    ],
    // Not expectReplies: the replies go to the channel (the loopback one here).
    [
      'deliveryMode unknown',
      (a) => {
        a.deliveryMode = 'hostile';
        a.serviceUrl = ctx.channelServiceUrl;
      }
    ],
    [
      'deliveryMode number',
      (a) => {
        a.deliveryMode = 1;
        a.serviceUrl = ctx.channelServiceUrl;
      }
    ],
    [
      'locale and timestamps garbage',
      (a) => {
        a.locale = 42;
        a.timestamp = 'yesterday';
        a.localTimestamp = { t: 1 };
      }
    ],
    ['replyToId object', (a) => (a.replyToId = { id: 1 })],
    ['value 10k levels deep', (a) => (a.value = DEEP)],
    [
      'channelData with 10k keys',
      (a) =>
        (a.channelData = {
          ...a.channelData,
          ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))
        })
    ]
  ];
  for (const [name, patch, status] of envelope) {
    const n = ids.next();
    const activity = message(n, patch);
    add({
      id: `envelope/${name}`,
      category: 'envelope',
      body: json(activity),
      activityId: typeof activity.id === 'string' ? activity.id : undefined,
      expect: { status }
    });
  }
  // Envelope breakage on a Post whose form is valid: who posts is decided by from.aadObjectId.
  const postEnvelope: [string, (a: Activity) => void, boolean][] = [
    ['from.aadObjectId upper-case (same person)', (a) => (a.from.aadObjectId = ctx.userId.toUpperCase()), true],
    ['from.aadObjectId missing', (a) => delete a.from.aadObjectId, false],
    ['from.aadObjectId a group id (no such user)', (a) => (a.from.aadObjectId = ctx.financeGroupId), false],
    [
      'conversation.tenantId and channelData.tenant garbage',
      (a) => {
        a.conversation.tenantId = '../x';
        a.channelData = { tenant: 7 };
      },
      true
    ],
    ['conversationType channel without team', (a) => (a.conversation.conversationType = 'channel'), true]
  ];
  for (const [name, patch, posts] of postEnvelope) {
    const n = ids.next();
    const marker = `m${pad(n, 4)}`;
    const activity = invoke(n, validForm(n, marker), patch);
    add({
      id: `envelope/Post with ${name}`,
      category: 'envelope',
      body: json(activity),
      activityId: activity.id,
      expect: posts ? { answer: 'card', post: postOf(marker, `bad-input ${marker}`, baseText) } : {}
    });
  }
  {
    const n = ids.next();
    const update = fixture('conversation-update-bot-added', (a) => {
      asMe(a, n);
      a.deliveryMode = 'expectReplies';
      a.membersAdded = 'everyone';
    });
    add({
      id: 'envelope/conversationUpdate membersAdded string',
      category: 'envelope',
      body: json(update),
      activityId: update.id,
      expect: { status: 400 }
    });
    const m = ids.next();
    const update2 = fixture('conversation-update-bot-added', (a) => {
      asMe(a, m);
      a.deliveryMode = 'expectReplies';
      a.membersAdded = [null, 42, { id: { $gt: '' } }, { id: a.recipient.id }];
    });
    add({
      id: 'envelope/conversationUpdate membersAdded garbage',
      category: 'envelope',
      body: json(update2),
      activityId: update2.id,
      expect: { status: 400 }
    });
    const k = ids.next();
    const update3 = fixture('conversation-update-bot-added', (a) => {
      asMe(a, k);
      a.deliveryMode = 'expectReplies';
      delete a.recipient;
    });
    add({
      id: 'envelope/conversationUpdate without recipient',
      category: 'envelope',
      body: json(update3),
      activityId: update3.id,
      expect: { status: 400 }
    });
    for (const name of [
      'foo/bar',
      '',
      'signin/tokenExchange',
      'signin/verifyState',
      'adaptiveCard/action ',
      'ADAPTIVECARD/ACTION'
    ]) {
      const i = ids.next();
      const other = invoke(i, validForm(i, `m${pad(i, 4)}`), (a) => (a.name = name));
      add({
        id: `envelope/invoke named "${name}"`,
        category: 'envelope',
        body: json(other),
        activityId: other.id,
        expect: { status: 400 }
      });
    }
    const j = ids.next();
    const nameless = invoke(j, validForm(j, `m${pad(j, 4)}`), (a) => delete a.name);
    add({
      id: 'envelope/invoke without name',
      category: 'envelope',
      body: json(nameless),
      activityId: nameless.id,
      expect: { status: 400 }
    });
  }

  // Transport: content types, encodings, sizes and bytes that are not (quite) JSON.
  const help = (patch: (a: Activity) => void = () => undefined) => message(ids.next(), patch);
  const helpJson = json(help());
  const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
  const transport: [string, string | Uint8Array<ArrayBuffer>, Record<string, string>, number?][] = [
    ['Content-Type missing', utf8(helpJson), {}, 415],
    ['Content-Type text/plain', helpJson, { 'content-type': 'text/plain' }, 415],
    [
      'Content-Type multipart/form-data',
      `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${helpJson}\r\n--x--`,
      { 'content-type': 'multipart/form-data; boundary=x' },
      415
    ],
    [
      'Content-Type form-urlencoded',
      `activity=${encodeURIComponent(helpJson)}`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      415
    ],
    ['Content-Type application/jsonx', helpJson, { 'content-type': 'application/jsonx' }, 415],
    ['Content-Type upper-case JSON', helpJson, { 'content-type': 'APPLICATION/JSON' }],
    ['Content-Type JSON with charset utf-16', helpJson, { 'content-type': 'application/json; charset=utf-16' }],
    [
      'Content-Encoding gzip (valid gzip)',
      new Uint8Array(gzipSync(helpJson)),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      415
    ],
    [
      'Content-Encoding gzip, body not gzip',
      helpJson,
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      415
    ],
    [
      'Content-Encoding gzip, truncated',
      new Uint8Array(gzipSync(helpJson).subarray(0, 20)),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      415
    ],
    [
      'Content-Encoding gzip bomb (20 MB inflated)',
      gzipBomb(helpJson, 20 * 1024 * 1024),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      415
    ],
    ['Content-Encoding br', helpJson, { 'content-type': 'application/json', 'content-encoding': 'br' }, 415],
    [
      'Content-Encoding identity',
      helpJson,
      { 'content-type': 'application/json', 'content-encoding': 'identity' },
      415
    ],
    [
      'body over 256 KB',
      json(help((a) => (a.channelData = { ...a.channelData, pad: 'p'.repeat(300 * 1024) }))),
      JSON_HEADERS,
      413
    ],
    ['body of 1 MB', `{"pad":"${'p'.repeat(1024 * 1024)}"}`, JSON_HEADERS, 413],
    ['empty body', '', JSON_HEADERS, 400],
    ['[]', '[]', JSON_HEADERS, 400],
    ['null', 'null', JSON_HEADERS, 400],
    ['"string"', '"string"', JSON_HEADERS, 400],
    ['42', '42', JSON_HEADERS, 400],
    ['true', 'true', JSON_HEADERS, 400],
    ['{}', '{}', JSON_HEADERS, 400],
    ['truncated JSON', helpJson.slice(0, helpJson.length / 2), JSON_HEADERS, 400],
    ['trailing garbage', `${helpJson} x`, JSON_HEADERS, 400],
    ['NaN literal', helpJson.replace('"locale":"en-US"', '"locale":NaN'), JSON_HEADERS, 400],
    ['single quotes', helpJson.replace(/"/g, "'"), JSON_HEADERS, 400],
    ['UTF-8 BOM', `\ufeff${helpJson}`, JSON_HEADERS, 400],
    [
      'invalid UTF-8 bytes',
      new Uint8Array(
        Buffer.concat([
          Buffer.from(helpJson.slice(0, -1)),
          Buffer.from(',"x":"'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('"}')
        ])
      ),
      JSON_HEADERS
    ],
    ['NUL bytes between tokens', helpJson.replace('{', '{\u0000'), JSON_HEADERS, 400],
    [
      'duplicate keys (text: help, then new)',
      helpJson.replace('"text":"help"', '"text":"help","text":"new"'),
      JSON_HEADERS
    ],
    [
      'duplicate type keys (message, then invoke)',
      helpJson.replace('"type":"message"', '"type":"message","type":"invoke"'),
      JSON_HEADERS
    ],
    ['10k nested arrays as the body', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, JSON_HEADERS, 400],
    [
      '100k nested arrays in value',
      helpJson.replace('"locale":"en-US"', `"locale":"en-US","value":${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      JSON_HEADERS
    ],
    [
      '100k-character key',
      helpJson.replace('"locale":"en-US"', `"locale":"en-US","${'k'.repeat(100_000)}":1`),
      JSON_HEADERS
    ]
  ];
  for (const [name, body, headers, status] of transport) {
    add({ id: `transport/${name}`, category: 'transport', body, headers, expect: { status } });
  }

  // Message commands with hostile text.
  const commands: [string, string, { status?: number; knownBug?: string; normalDelivery?: boolean }?][] = [
    ['new + 99,990 trailing spaces', `new${' '.repeat(99_990)}`],
    ['new + 100k trailing spaces', `new${' '.repeat(100_000)}`, { status: 400 }],
    ['new with control characters', '\u0007new\u001b[31m\u0000'],
    ['new with zero-width space', 'n\u200bew'],
    ['NEW with CRLF injection', 'NEW\r\nBcc: x@y.z'],
    ['new with RTL override', '\u202ewen'],
    ['<at> markup without entities', '<at>Group Conversations</at> new'],
    ['<at> markup only', '<at>Group Conversations</at>'],
    ['10k unclosed <at>', '<at>'.repeat(10_000)],
    ['<script> text', '<script>alert(1)</script>'],
    ['template text', '${7*7} {{7*7}}'],
    ['emoji only', '🆕'],
    ['lone surrogate', '\ud800new'],
    ['empty text', ''],
    ['whitespace only', ' \t\r\n '],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['Constructor (other case)', 'Constructor'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['toString', 'toString'],
    ['valueOf', 'valueOf'],
    ['sign out (valid)', 'sign out'],
    ['help, normal delivery to the channel', 'help', { normalDelivery: true }],
    ['new with control characters, normal delivery', '\u0007new\u0000', { normalDelivery: true }],
    ['constructor, normal delivery', 'constructor', { normalDelivery: true }]
  ];
  for (const [name, text, options = {}] of commands) {
    const n = ids.next();
    const activity = message(n, (a) => {
      a.text = text;
      if (options.normalDelivery) {
        delete a.deliveryMode;
        a.serviceUrl = ctx.channelServiceUrl;
      }
    });
    add({
      id: `command/${name}`,
      category: 'command',
      body: json(activity),
      activityId: activity.id,
      expect: { status: options.status, knownBug: options.knownBug }
    });
  }
  // Action.Submit fallback (a message carrying the form in `value`).
  const submits: [string, (form: Record<string, unknown>) => unknown, boolean][] = [
    [
      'hostile but valid topic',
      (f) => ({ verb: 'createConversation', ...f, topic: '<img src=x onerror=alert(1)>' }),
      true
    ],
    ['verb __proto__', (f) => ({ verb: '__proto__', ...f }), false],
    ['verb object', (f) => ({ verb: { toString: 'createConversation' }, ...f }), false],
    ['value string', () => 'createConversation', false],
    ['value array', (f) => [{ verb: 'createConversation', ...f }], false],
    ['groupId traversal', (f) => ({ verb: 'createConversation', ...f, groupId: '../../users/x' }), false]
  ];
  for (const [name, value, posts] of submits) {
    const n = ids.next();
    const marker = `m${pad(n, 4)}`;
    const form = validForm(n, marker);
    const v = value(form) as Record<string, unknown>;
    const activity = message(n, (a) => {
      delete a.text;
      a.value = v;
    });
    const topic = typeof v === 'object' && v !== null && !Array.isArray(v) ? String(v.topic) : '';
    add({
      id: `command/Action.Submit ${name}`,
      category: 'command',
      body: json(activity),
      activityId: activity.id,
      expect: posts ? { post: postOf(marker, topic, baseText) } : {}
    });
  }

  cases.push(...loadHandWritten('local', ids, ctx));
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Teams mode: Bot Framework authentication, then hostile bodies behind a valid token

export interface TeamsCorpusContext {
  botId: string;
  serviceUrl: string;
  user: { aadObjectId: string; tenantId: string };
  otherUser: { aadObjectId: string };
  /** A key the bot trusts (published in the nocked JWKS next to the helper's) and its kid. */
  trusted: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
}

const BF_ISSUER = 'https://api.botframework.com';

export function buildTeamsCorpus(ctx: TeamsCorpusContext): BadInputCase[] {
  const ids = new Ids();
  const cases: BadInputCase[] = [];
  const validToken = (serviceUrl = ctx.serviceUrl) => signBotFrameworkToken({ aud: ctx.botId, serviceUrl });
  const bearer = (token: string) => `Bearer ${token}`;
  const signTrusted = (payload: Record<string, unknown>, options: jwt.SignOptions) =>
    jwt.sign({ serviceurl: ctx.serviceUrl, ...payload }, ctx.trusted.privateKey, {
      algorithm: 'RS256',
      keyid: ctx.trusted.kid,
      ...options
    });
  const standard: jwt.SignOptions = { issuer: BF_ISSUER, audience: ctx.botId, expiresIn: 3600 };

  const help = (n: number, patch: (a: Activity) => void = () => undefined): Activity =>
    fixture('message-new', (a) => {
      a.id = `bad-teams-${pad(n, 4)}`;
      a.text = 'help';
      a.deliveryMode = 'expectReplies';
      patch(a);
    });

  // Authorization header cases, all on a valid `help` message: each must be a 401 (or the
  // documented exception) and never reach the turn.
  const valid = validToken();
  const [vh, vp, vs] = valid.split('.');
  const now = Math.floor(Date.now() / 1000);
  const header = (h: Record<string, unknown>) => Buffer.from(json(h)).toString('base64url');
  const payloadOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  const validPayload = payloadOf(valid);
  const body64 = (p: Record<string, unknown>) => Buffer.from(json(p)).toString('base64url');
  const pkcs1 = ctx.trusted.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const hs256 = (secret: string) => {
    const head = header({ alg: 'HS256', typ: 'JWT', kid: ctx.trusted.kid });
    const payload = body64({ ...validPayload });
    return `${head}.${payload}.${createHmac('sha256', secret).update(`${head}.${payload}`).digest('base64url')}`;
  };
  const authCases: [string, string | undefined, { status?: number; note?: string }?][] = [
    ['no Authorization header', undefined],
    ['empty header', ''],
    ['Bearer without a token', 'Bearer'],
    ['Bearer and a space', 'Bearer '],
    ['Bearer garbage', 'Bearer not-a-jwt'],
    ['Bearer a.b.c', 'Bearer a.b.c'],
    ['Bearer ..', 'Bearer ..'],
    [
      'Basic with the bot id and password',
      `Basic ${Buffer.from(`${ctx.botId}:test-bot-password-value`).toString('base64')}`
    ],
    ['Basic garbage', 'Basic !!!'],
    ['Digest', 'Digest username="bot", realm="x", nonce="1", uri="/api/messages", response="0"'],
    ['lower-case bearer scheme', `bearer ${valid}`],
    ['two spaces after Bearer', `Bearer  ${valid}`],
    ['token without a scheme', valid],
    ['two tokens', `Bearer ${valid}, Bearer ${valid}`],
    [
      'wrong audience',
      bearer(signBotFrameworkToken({ aud: 'ffffffff-0000-4000-8000-000000000000', serviceUrl: ctx.serviceUrl }))
    ],
    [
      'wrong issuer (trusted key)',
      bearer(signTrusted({}, { ...standard, issuer: 'https://api.botframework.evil.test' }))
    ],
    [
      'expired 10 minutes ago',
      bearer(signBotFrameworkToken({ aud: ctx.botId, serviceUrl: ctx.serviceUrl, expiresInSeconds: -600 }))
    ],
    ['not valid for another hour (nbf)', bearer(signTrusted({ nbf: now + 3600 }, standard))],
    ['alg none, no signature', bearer(`${header({ alg: 'none', typ: 'JWT' })}.${vp}.`)],
    ['alg none, signature kept', bearer(`${header({ alg: 'none', typ: 'JWT', kid: ctx.trusted.kid })}.${vp}.${vs}`)],
    ['alg NONE upper-case', bearer(`${header({ alg: 'NONE', typ: 'JWT' })}.${vp}.`)],
    ['HS256 signed with the public key (algorithm confusion)', bearer(hs256(pkcs1))],
    [
      'stranger key, same kid',
      bearer(signBotFrameworkToken({ aud: ctx.botId, serviceUrl: ctx.serviceUrl, key: strangerKey() }))
    ],
    [
      'stranger key, unknown kid',
      bearer(
        signBotFrameworkToken({ aud: ctx.botId, serviceUrl: ctx.serviceUrl, key: strangerKey(), kid: 'unknown-kid' })
      )
    ],
    [
      'trusted key, no kid',
      bearer(jwt.sign({ serviceurl: ctx.serviceUrl }, ctx.trusted.privateKey, { algorithm: 'RS256', ...standard }))
    ],
    [
      'tampered payload (audience swapped)',
      bearer(`${vh}.${body64({ ...validPayload, aud: 'ffffffff-0000-4000-8000-000000000000' })}.${vs}`)
    ],
    [
      'tampered payload (expiry extended)',
      bearer(`${vh}.${body64({ ...validPayload, exp: now + 10 * 365 * 86400 })}.${vs}`)
    ],
    [
      'tampered header (kid swapped)',
      bearer(`${header({ alg: 'RS256', typ: 'JWT', kid: ctx.trusted.kid })}.${vp}.${vs}`)
    ],
    ['signature truncated', bearer(`${vh}.${vp}.${vs.slice(0, 20)}`)],
    [
      'serviceurl claim of another channel',
      bearer(signBotFrameworkToken({ aud: ctx.botId, serviceUrl: 'https://smba.evil.example.test/amer/' }))
    ],
    [
      'no serviceurl claim',
      bearer(jwt.sign({}, ctx.trusted.privateKey, { algorithm: 'RS256', keyid: ctx.trusted.kid, ...standard }))
    ],
    [
      'emulator issuer, stranger key',
      bearer(
        jwt.sign({ appid: ctx.botId, ver: '1.0' }, strangerKey(), {
          algorithm: 'RS256',
          keyid: 'emulator-kid',
          issuer: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
          audience: ctx.botId,
          expiresIn: 3600
        })
      )
    ],
    [
      'skill-style v2 token, stranger key',
      bearer(
        jwt.sign({ azp: 'ffffffff-0000-4000-8000-000000000000', ver: '2.0' }, strangerKey(), {
          algorithm: 'RS256',
          keyid: 'skill-kid',
          issuer: 'https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0',
          audience: ctx.botId,
          expiresIn: 3600
        })
      )
    ],
    [
      '10 KB token of garbage claims',
      bearer(signTrusted({ junk: 'j'.repeat(10_000) }, { ...standard, audience: 'someone-else' }))
    ],
    ['20 KB header', `Bearer ${'h'.repeat(20_000)}`, { status: 431, note: "Node's own header limit (16 KB)" }],
    [
      'trusted key, no exp claim',
      bearer(signTrusted({ iat: now }, { issuer: BF_ISSUER, audience: ctx.botId })),
      {
        status: 200,
        note:
          'documents botbuilder: ' +
          'a correctly signed token without exp is accepted (only the Bot Framework key can mint one)'
      }
    ]
  ];
  for (const [name, authorization, options = {}] of authCases) {
    const n = ids.next();
    const activity = help(n);
    cases.push({
      id: `auth header/${name}`,
      category: 'auth header',
      mode: 'teams',
      body: json(activity),
      headers: { ...JSON_HEADERS, ...(authorization === undefined ? {} : { authorization }) },
      activityId: activity.id,
      expect: { status: options.status ?? 401, note: options.note }
    });
  }
  {
    const n = ids.next();
    const activity = help(n, (a) => (a.channelId = 'webchat'));
    cases.push({
      // Bot Framework's keys are endorsed for Web Chat too: the signature holds, the bot refuses the channel.
      id: 'auth header/valid token, a channel other than Teams',
      category: 'auth header',
      mode: 'teams',
      body: json(activity),
      headers: { ...JSON_HEADERS, authorization: bearer(validToken()) },
      activityId: activity.id,
      expect: { status: 403 }
    });
  }

  // A valid token, hostile bodies: the form is checked before any token or Graph call, and
  // tokens Teams attached are never exchanged for someone else.
  const draftId = (n: number) => `bad7ea00-0000-4000-8000-${pad(n, 12)}`;
  const form = (n: number) => ({
    draftId: draftId(n),
    groupId: 'c0ffee00-0000-4000-8000-000000000001',
    topic: 'Teams hostile body',
    body: 'Hello',
    participants: '',
    otherEmails: ''
  });
  const invoke = (n: number, data: Record<string, unknown>, patch: (a: Activity) => void = () => undefined) =>
    fixture('invoke-create-conversation', (a) => {
      a.id = `bad-teams-${pad(n, 4)}`;
      a.value.action.data = data;
      patch(a);
    });
  const add = (
    id: string,
    activity: Activity | string,
    expect: BadInputCase['expect'],
    serviceUrl = ctx.serviceUrl
  ) => {
    const body = typeof activity === 'string' ? activity : json(activity);
    cases.push({
      id: `teams body/${id}`,
      category: 'teams body',
      mode: 'teams',
      body,
      headers: { ...JSON_HEADERS, authorization: bearer(validToken(serviceUrl)) },
      activityId: typeof activity === 'string' ? undefined : activity.id,
      expect
    });
  };
  const withToken = (token: unknown) => (a: Activity) =>
    (a.value.authentication = { id: 'auth-1', connectionName: '', token });
  add('baseline: help', help(ids.next()), { status: 200 });
  const hostileForms: [string, Partial<Record<Field, unknown>>][] = [
    ['groupId traversal', { groupId: '../../users/x' }],
    ['topic of 100k characters', { topic: 'y'.repeat(100_000) }],
    ['body object', { body: { html: '<b>x</b>' } }],
    ['101 participants', { participants: guidList(101) }],
    ['otherEmails CRLF injection', { otherEmails: 'a\r\nBcc: x@y.z' }],
    ['draftId SQL injection', { draftId: "'; DROP TABLE drafts;--" }]
  ];
  for (const [name, data] of hostileForms) {
    const n = ids.next();
    add(`form ${name}`, invoke(n, { ...form(n), ...data }, withToken(ssoTokenFor(ctx.user))), {
      status: 200,
      answer: 'card'
    });
  }
  const ssoTokens: [string, unknown, 'card' | 'login'][] = [
    ['garbage', 'garbage', 'card'],
    ['empty', '', 'login'],
    ['number', 42, 'login'],
    ['object', { token: 'x' }, 'login'],
    ['a.b.c', 'a.b.c', 'card'],
    ['100k characters', 't'.repeat(100_000), 'card'],
    ['payload is a JSON array', `${header({ alg: 'none' })}.${Buffer.from('[1,2]').toString('base64url')}.`, 'card'],
    ['payload is not base64 JSON', 'eyJhbGciOiJub25lIn0.!!!.', 'card'],
    ["another person's token", ssoTokenFor(ctx.otherUser), 'card'],
    [
      "the person's oid from another tenant",
      ssoTokenFor(ctx.user, { tid: 'ffffffff-0000-4000-8000-000000000000' }),
      'card'
    ],
    [
      'oid in upper case from another tenant',
      unsignedJwt({ oid: ctx.user.aadObjectId.toUpperCase(), tid: 'ffffffff-0000-4000-8000-00000000000f' }),
      'card'
    ]
  ];
  for (const [name, token, answer] of ssoTokens) {
    const n = ids.next();
    add(`sso token ${name}`, invoke(n, form(n), withToken(token)), { status: 200, answer });
  }
  {
    let n = ids.next();
    add(
      'unknown verb',
      invoke(n, form(n), (a) => (a.value.action.verb = 'deleteEverything')),
      { status: 200, answer: 'error' }
    );
    n = ids.next();
    add(
      'from without aadObjectId',
      invoke(n, form(n), (a) => delete a.from.aadObjectId),
      { status: 200, answer: 'error' }
    );
    n = ids.next();
    add(
      "another person acting with the first person's token",
      invoke(n, form(n), (a) => {
        a.from.aadObjectId = ctx.otherUser.aadObjectId;
        withToken(ssoTokenFor(ctx.user))(a);
      }),
      { status: 200, answer: 'card' }
    );
    n = ids.next();
    add(
      'invoke with an unknown name',
      invoke(n, form(n), (a) => (a.name = 'hostile/unknownInvoke')),
      { status: 400 }
    );
    n = ids.next();
    add(
      'signin/tokenExchange with a garbage token',
      fixture('invoke-token-exchange', (a) => {
        a.id = `bad-teams-${pad(n, 4)}`;
        a.value = { id: 'x', connectionName: 'graph', token: 'garbage' };
      }),
      {}
    );
    n = ids.next();
    add(
      'signin/verifyState with a hostile state',
      fixture('invoke-token-exchange', (a) => {
        a.id = `bad-teams-${pad(n, 4)}`;
        a.name = 'signin/verifyState';
        a.value = { state: '<script>alert(1)</script>'.repeat(100) };
      }),
      {}
    );
    n = ids.next();
    add(
      'message __proto__',
      help(n, (a) => (a.text = '__proto__')),
      { status: 200 }
    );
    n = ids.next();
    add(
      'message text of 99k characters',
      help(n, (a) => (a.text = `help${' '.repeat(99_000)}`)),
      { status: 200 }
    );
    n = ids.next();
    add(
      'message in a group chat with <at> markup and no entities',
      help(n, (a) => {
        a.text = '<at>Group Conversations</at> help';
        a.conversation.conversationType = 'groupChat';
      }),
      { status: 200 }
    );
    n = ids.next();
    add(
      'message with entities garbage',
      help(n, (a) => (a.entities = [null, { type: 'mention', mentioned: null }])),
      { status: 400 }
    );
    n = ids.next();
    add(
      'conversationUpdate with membersAdded garbage',
      fixture('conversation-update-bot-added', (a) => {
        a.id = `bad-teams-${pad(n, 4)}`;
        a.deliveryMode = 'expectReplies';
        a.membersAdded = [null, { id: 42 }, 'bot'];
      }),
      { status: 400 }
    );
    n = ids.next();
    const proto = invoke(n, form(n), withToken('garbage'));
    add('__proto__ in action.data', json(proto).replace('"data":{', '"data":{"__proto__":{"polluted":true},'), {
      status: 200,
      answer: 'card'
    });
    n = ids.next();
    add(
      'valid token for another serviceUrl than the activity',
      help(n, (a) => (a.serviceUrl = 'https://smba.trafficmanager.net/emea/')),
      { status: 401 },
      ctx.serviceUrl
    );
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Hand-written cases: test/fixtures/bad-input/*.json

interface HandWritten {
  description: string;
  mode: 'local' | 'teams';
  /** The activity as raw JSON text after placeholder substitution (so `__proto__` keys survive). */
  activity: unknown;
  expect?: {
    status?: number;
    answer?: 'card' | 'error';
    post?: { topic: string; text: string; participants: string[] };
  };
}

const HAND_WRITTEN_DIR = path.resolve(__dirname, '..', 'fixtures', 'bad-input');

function loadHandWritten(mode: 'local', ids: Ids, ctx: LocalCorpusContext): BadInputCase[] {
  const out: BadInputCase[] = [];
  for (const file of readdirSync(HAND_WRITTEN_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const text = readFileSync(path.join(HAND_WRITTEN_DIR, file), 'utf8');
    const spec = JSON.parse(text) as HandWritten;
    if (spec.mode !== mode) continue;
    const n = ids.next() + 9000;
    const marker = `hw${pad(n, 4)}`;
    const vars: Record<string, string> = {
      ACTIVITY_ID: `bad-input-${pad(n, 4)}`,
      USER_ID: ctx.userId,
      TENANT_ID: ctx.tenantId,
      DRAFT_ID: `bad0aaaa-0000-4000-8000-${pad(n, 12)}`,
      GROUP_ID: ctx.groupId,
      FINANCE_GROUP_ID: ctx.financeGroupId,
      PARTICIPANT_ID: ctx.participant.id,
      PARTICIPANT_ADDRESS: ctx.participant.address,
      MARKER: marker,
      // The loopback channel: local mode refuses any other serviceUrl.
      SERVICE_URL: ctx.channelServiceUrl
    };
    // Substitute in the activity's raw JSON text, never through an object walk.
    const start = text.indexOf('"activity"');
    const rawActivity = extractJsonValue(text, text.indexOf(':', start) + 1);
    const substitute = (s: string) => s.replace(/\$\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
    const body = substitute(rawActivity);
    const post = spec.expect?.post;
    out.push({
      id: `hand-written/${file.replace(/\.json$/, '')}: ${spec.description}`,
      category: 'hand-written',
      mode,
      body,
      headers: { ...JSON_HEADERS },
      activityId: vars.ACTIVITY_ID,
      expect: {
        status: spec.expect?.status,
        answer: spec.expect?.answer,
        post: post && {
          marker,
          topic: wellFormed(substitute(post.topic).trim()),
          text: substitute(post.text),
          participants: post.participants.map(substitute)
        }
      }
    });
  }
  return out;
}

/** The JSON value starting at `from` in `text`, as text (balanced braces, strings respected). */
function extractJsonValue(text: string, from: number): string {
  let i = from;
  while (/\s/.test(text[i])) i++;
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  throw new Error('unbalanced JSON in a hand-written bad-input case');
}

// ---------------------------------------------------------------------------------------------

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = part({ alg: 'none', typ: 'JWT' });
  const payload = part({ aud: 'api://botid-x', exp: Math.floor(Date.now() / 1000) + 3600, ...claims });
  return `${header}.${payload}.`;
}

function gzipBomb(activityJson: string, inflatedBytes: number): Uint8Array<ArrayBuffer> {
  const head = Buffer.from(`${activityJson.slice(0, -1)},"pad":"`);
  return new Uint8Array(gzipSync(Buffer.concat([head, Buffer.alloc(inflatedBytes, 0x20), Buffer.from('"}')])));
}

/** Counts by category, for the report. */
export function countByCategory(cases: readonly BadInputCase[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of cases) out[c.category] = (out[c.category] ?? 0) + 1;
  return out;
}
