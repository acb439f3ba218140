// The words table: no word missing or empty, every blank filled from its params, one notice for
// each error code. Sample params are typed per id, so a new word with blanks needs a sample here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../../src/core/errors';
import {
  LANGUAGES,
  notice,
  say,
  type Language,
  type NoticeId,
  type NoticeParams,
  type WordId,
  type WordParams
} from '../../../src/core/words';

type WithParams<Id extends string, P extends Record<Id, unknown>> = {
  [K in Id as [P[K]] extends [never] ? never : K]: P[K];
};
type WordSamples = WithParams<WordId, { [K in WordId]: WordParams<K> }>;
type NoticeSamples = WithParams<NoticeId, { [K in NoticeId]: NoticeParams<K> }>;

const WORD_SAMPLES: WordSamples = {
  'field.topic.required': { max: 255 },
  'field.topic.tooLong': { max: 255 },
  'field.message.tooLong': { max: 100 },
  'field.participants.tooMany': { max: 100 },
  'field.otherEmails.invalid': { addresses: ['a@b', 'c@d'], more: false },
  'field.otherEmails.tooMany': { max: 100 },
  'confirmation.title': { group: 'Marketing' },
  'confirmation.conversationId': { id: 'AAQk=' },
  'confirmation.threadId': { id: 'AAQk=' },
  'form.kept.note': { length: 30_000, hours: 24 },
  'list.title': { group: 'Marketing' },
  'list.from': { names: ['Ada', 'Alan'], more: 0 },
  'reply.title': { topic: 'Launch' },
  'replySent.title': { topic: 'Launch' },
  'time.wait': { seconds: 30 },
  'list.severalMatch': { name: 'Market' },
  'button.postToAll': { count: 37 },
  'field.group.tooMany': { max: 100 },
  'field.group.overAllowance': { count: 37, limit: 10, available: 3, seconds: 40 },
  'broadcast.confirmAll.title': { count: 37 },
  'broadcast.confirmAll.text': { count: 37 },
  'broadcast.posting': { total: 37 },
  'broadcast.progress': { done: 12, failed: 1, checking: 2 },
  'broadcast.summary': { posted: 35, total: 37 },
  'broadcast.summaryText': { failed: 2 },
  'broadcast.topic': { topic: 'Office closed' },
  'broadcast.overAllowance': { count: 3, seconds: 40 },
  'follow.confirmedTitle': { group: 'Product launch' },
  'hidden.title': { group: 'Contoso Team' },
  'files.notFiles': { count: 2 },
  'files.overLimit': { count: 3, max: 10 },
  'files.pictures': { count: 1 },
  'follow.confirmed': { actor: 'Alex', group: 'Product launch' },
  'follow.alreadyTitle': { group: 'Product launch' },
  'follow.already': { group: 'Product launch', follower: 'Alex' },
  'follow.signInTitle': { group: 'Product launch' },
  'unfollow.signInTitle': { group: 'Product launch' },
  'follow.tooMany': { max: 20 },
  'inbox.onTitle': { group: 'Marketing' },
  'inbox.offTitle': { group: 'Marketing' },
  'inbox.notMemberTitle': { group: 'Design guild' },
  'inbox.which': { command: 'subscribe' },
  'inbox.inOurChat': { command: 'unsubscribe' },
  'inbox.signInTitle': { group: 'Contoso Team' },
  'follow.failedTitle': { group: 'Product launch' },
  'following.row': { group: 'Product launch', follower: 'Alex' },
  'unfollow.doneTitle': { group: 'Product launch' },
  'unfollow.done': { actor: 'Megan', group: 'Product launch' },
  'unfollow.notAllowedTitle': { group: 'Product launch' },
  'unfollow.failedTitle': { group: 'Product launch' },
  'unfollow.notAllowed': { follower: 'Alex' },
  'unfollow.which': { groups: 'Product launch and Sales' },
  'unfollow.notFollowing': { name: 'Finance' },
  'follow.stoppedTitle': { group: 'Product launch' },
  'follow.stopped': { group: 'Product launch', follower: 'Alex' },
  'thread.group': { group: 'Product launch' },
  'thread.from': { sender: 'Megan', when: 'today' },
  'thread.newReplies': { count: 3 },
  'thread.latest': { sender: 'Megan', when: 'today' },
  'thread.setUpBy': { follower: 'Alex' },
  'search.group': { group: 'Marketing' },
  'search.lastPost': { sender: 'Alex', when: 'Tue 3:04 PM' },
  'search.lastPostAt': { when: 'Tue 3:04 PM' },
  'search.previewLine': { group: 'Marketing', when: 'Tue 3:04 PM' }
};

const NOTICE_SAMPLES: NoticeSamples = {
  'notice.noSuchGroup': { name: 'Finance' },
  'notice.noSuchGroupForNew': { name: 'Finance' },
  'notice.sharedPosted': { actor: 'Alex', group: 'Contoso Team' },
  'notice.sharedPostFailed': { actor: 'Alex' },
  'notice.sharedReplied': { actor: 'Alex' },
  'notice.sharedReplyFailed': { actor: 'Alex' },
  'notice.sharedDone': { actor: 'Alex' },
  'error.validation_failed.retry': { refreshed: false },
  'error.validation_failed': { refreshed: false, fields: 2 },
  'error.sign_in_required.open': { command: 'new' },
  'error.throttled': { retryAfterSeconds: 30 },
  'error.throttled.open': { command: 'list', retryAfterSeconds: 30 },
  'error.throttled.dialog': { retryAfterSeconds: 30 },
  'error.graph_unavailable.open': { command: 'new' },
  'error.post_status_unknown': { retryAfterSeconds: 30 },
  'error.rate_limited': { retryAfterSeconds: 30 },
  'error.reads_limited': { retryAfterSeconds: 30 },
  'error.mailbox_busy': { retryAfterSeconds: 30 }
};

const english: Language = LANGUAGES.en;
const wordIds = Object.keys(english.words) as WordId[];
const noticeIds = Object.keys(english.notices) as NoticeId[];
// Untyped views for looping over every id (the typed say/notice are checked by the compiler).
const sayAny = say as (id: WordId, params?: unknown) => string;
const noticeAny = notice as (id: NoticeId, params?: unknown) => { title: string; text: string };
const wordSample = (id: WordId) => (WORD_SAMPLES as Record<string, Record<string, unknown>>)[id];
const noticeSample = (id: NoticeId) => (NOTICE_SAMPLES as Record<string, Record<string, unknown>>)[id];

/** The same value, changed: every blank must show the change. */
function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value}Z`;
  if (typeof value === 'number') return value + 7;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return [...value, 'Zed'];
  return { other: true };
}

/** Nothing a person should ever see: an unfilled blank, a stringified nothing, stray space. */
function expectReadable(text: string): void {
  expect(text.trim()).not.toBe('');
  expect(text).toBe(text.trim());
  expect(text).not.toMatch(/\$\{|undefined|null|NaN|\[object| {2}/);
}

describe('words', () => {
  it('has words and notices', () => {
    expect(wordIds.length).toBeGreaterThan(50);
    expect(noticeIds.length).toBeGreaterThan(25);
  });

  it.each(wordIds)('%s reads as text', (id) => {
    const text = sayAny(id, wordSample(id));
    expect(typeof text).toBe('string');
    expectReadable(text);
  });

  it.each(noticeIds)('notice %s has a title and a text', (id) => {
    const { title, text } = noticeAny(id, noticeSample(id));
    expectReadable(title);
    expectReadable(text);
  });

  it('has a sample for exactly the words and notices with blanks', () => {
    expect(Object.keys(WORD_SAMPLES).sort()).toEqual(
      wordIds.filter((id) => typeof english.words[id] === 'function').sort()
    );
    const withBlanks = noticeIds.filter((id) =>
      Object.values(english.notices[id]).some((t) => typeof t === 'function')
    );
    expect(Object.keys(NOTICE_SAMPLES).sort()).toEqual(withBlanks.sort());
  });

  it.each(Object.keys(WORD_SAMPLES) as WordId[])('%s uses every one of its params', (id) => {
    const sample = wordSample(id);
    for (const key of Object.keys(sample)) {
      expect(sayAny(id, { ...sample, [key]: changed(sample[key]) })).not.toBe(sayAny(id, sample));
    }
    for (const value of Object.values(sample))
      if (typeof value === 'string') expect(sayAny(id, sample)).toContain(value);
  });

  it.each(Object.keys(NOTICE_SAMPLES) as NoticeId[])('notice %s uses every one of its params', (id) => {
    const sample = noticeSample(id);
    for (const key of Object.keys(sample)) {
      expect(noticeAny(id, { ...sample, [key]: changed(sample[key]) })).not.toEqual(noticeAny(id, sample));
    }
  });

  it.each(ERROR_CODES)('error code %s has its notice', (code) => {
    expect(noticeIds).toContain(`error.${code}`);
  });

  it('names notices for error codes only by a real code and a known context; the others notice.thing', () => {
    for (const id of noticeIds) {
      const [area, code, where, ...rest] = id.split('.');
      if (area === 'notice') {
        expect(id).toMatch(/^notice\.[a-z][a-zA-Z0-9]*$/);
        continue;
      }
      expect(area).toBe('error');
      expect(ERROR_CODES).toContain(code);
      expect([undefined, 'open', 'list', 'reply', 'dialog', 'retry']).toContain(where);
      expect(rest).toEqual([]);
    }
  });

  it('ids are area.thing[.part], camelCase inside a part', () => {
    for (const id of wordIds) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*){1,2}$/);
  });

  it('waits round up: whole seconds below a minute, whole minutes from one', () => {
    const wait = (seconds: number) => say('time.wait', { seconds });
    expect(wait(0.2)).toBe(wait(1));
    expect(wait(59)).not.toBe(wait(60));
    expect(wait(61)).toBe(wait(120));
    expect(wait(90)).toBe(wait(120));
    expect(wait(30)).toContain('30');
    expect(wait(120)).toContain('2');
    // English: singular at one, plural otherwise.
    expect([wait(1), wait(2), wait(60), wait(120)]).toEqual(['1 second', '2 seconds', '1 minute', '2 minutes']);
  });

  it('writes large numbers with thousands separators (English)', () => {
    expect(say('field.message.tooLong', { max: 32_000 })).toContain('32,000');
  });

  it('the optional wait may be absent', () => {
    for (const id of [
      'error.throttled',
      'error.throttled.dialog',
      'error.post_status_unknown',
      'error.rate_limited',
      'error.reads_limited',
      'error.mailbox_busy'
    ] as const) {
      expectReadable(notice(id, {}).text);
      expect(notice(id, {}).text).not.toBe(notice(id, { retryAfterSeconds: 30 }).text);
    }
  });

  it('is a plain table: fixed words are strings, blanks are functions of one object', () => {
    for (const id of wordIds) expect(['string', 'function']).toContain(typeof english.words[id]);
    for (const id of noticeIds) expect(Object.keys(english.notices[id]).sort()).toEqual(['text', 'title']);
  });
});

describe('words.ts as a module', () => {
  it('imports nothing: a pure table any layer can read', () => {
    // words.ts may take parts of its table from its own words-*.ts files, which import nothing.
    const source = readFileSync(join(__dirname, '../../../src/core/words.ts'), 'utf8');
    const parts = [...source.matchAll(/^import \{ \w+ \} from '\.\/(words-[a-z-]+)';$/gm)].map((m) => m[1]);
    expect(parts).toEqual([
      'words-broadcast',
      'words-files',
      'words-follow',
      'words-inbox',
      'words-outlook',
      'words-search'
    ]);
    expect(source.replace(/^import \{ \w+ \} from '\.\/words-[a-z-]+';$/gm, '')).not.toMatch(/^\s*import\s/m);
    for (const part of parts) {
      const text = readFileSync(join(__dirname, `../../../src/core/${part}.ts`), 'utf8');
      expect(text).not.toMatch(/^\s*import\s/m);
      expect(text).not.toMatch(/require\(/);
    }
    expect(source).not.toMatch(/require\(/);
  });
});
