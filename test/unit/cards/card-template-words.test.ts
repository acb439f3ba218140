// Card templates hold no words: every text, title, label, placeholder and errorMessage is one
// `${…}` binding filled by its builder from src/core/words.ts, so the wording cannot drift back
// into adaptiveCards/*.json. And every builder fills every binding it uses.
import fs from 'node:fs';
import path from 'node:path';
import * as cards from '../../../src/cards';
import { findInCard } from '../../helpers/card-readers';

const dir = path.resolve(__dirname, '../../../adaptiveCards');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

/** Properties a person reads (a FactSet fact's `value` included: help puts words there). */
const PERSON_FACING = [
  'text',
  'title',
  'label',
  'placeholder',
  'errorMessage',
  'altText',
  'fallbackText',
  'tooltip',
  'speak'
];
const BINDING = /^\$\{[^{}]+\}$/;

function personFacing(node: unknown, trail = ''): [string, unknown][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => personFacing(n, `${trail}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => {
    const here = `${trail}.${k}`;
    const isWords = PERSON_FACING.includes(k) || (k === 'value' && /\.facts\[\d+\]$/.test(trail));
    return typeof v === 'string' && isWords ? [[here, v] as [string, unknown]] : personFacing(v, here);
  });
}

describe('adaptiveCards templates hold no words', () => {
  it('finds the templates', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it.each(files)('%s: every person-facing string is a single ${…} binding', (file) => {
    const template = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const strings = personFacing(template);
    expect(strings.length).toBeGreaterThan(0);
    expect(strings.filter(([, v]) => !BINDING.test(String(v)))).toEqual([]);
  });

  it('catches a literal word (the check itself can fail)', () => {
    const literal = { body: [{ type: 'TextBlock', text: 'Posted to ${groupName}' }], actions: [{ title: 'Reply' }] };
    expect(
      personFacing(literal)
        .filter(([, v]) => !BINDING.test(String(v)))
        .map(([k]) => k)
    ).toEqual(['.body[0].text', '.actions[0].title']);
  });
});

describe('every builder fills every binding its template uses', () => {
  const G = 'c0ffee00-0000-4000-8000-000000000001';
  const ref = { groupId: G, conversationId: 'c', threadId: 't', topic: 'x' };
  const values = { groupId: '', topic: '', body: '', participants: '', otherEmails: '' };
  const error = { title: 'e', text: 'x' };
  const row = { conversationId: 'c', topic: 't', preview: 'p', when: 'w', senders: ['a'], hasAttachments: true };
  const built = {
    form: cards.buildFormCard({ draftId: 'd', groups: [], values }),
    retryForm: cards.buildFormCard({ draftId: 'd', groups: [], values, error, mode: 'dialog' }),
    confirmation: cards.buildConfirmationCard({
      groupId: G,
      groupName: 'g',
      topic: 't',
      bodyPreview: 'b',
      participants: [],
      conversationId: 'c',
      threadId: 't',
      outlookUrl: 'https://x.test'
    }),
    help: cards.buildHelpCard(),
    welcome: cards.buildWelcomeCard(),
    notice: cards.buildNoticeCard({ title: 't', text: 'x' }),
    continueInChat: cards.buildContinueInChatCard('28:app'),
    openChat: cards.buildOpenChatCard({ title: 't', text: 'x' }, '28:app', 'list'),
    posting: cards.buildPostingCard('v', {}),
    list: cards.buildListCard({ groupId: G, groupName: 'g', conversations: [row], nextCursor: 'n' }),
    failedList: cards.buildListCard({ groupId: G, groupName: 'g', conversations: [], error }),
    pickGroup: cards.buildPickGroupCard({ title: 't', text: 'x', groups: [] }),
    replyForm: cards.buildReplyFormCard({
      draftId: 'd',
      conversation: ref,
      values: { body: '', participants: '', otherEmails: '' },
      error
    }),
    replySent: cards.buildReplySentCard({
      conversation: ref,
      bodyPreview: 'b',
      participants: [{ displayName: 'a', address: 'a@b.test' }]
    })
  };

  it.each(Object.entries(built))('%s shows words, not bindings', (_name, card) => {
    const strings = personFacing(card);
    expect(strings.length).toBeGreaterThan(0);
    expect(strings.filter(([, v]) => String(v).includes('${') || String(v).trim() === '')).toEqual([]);
    expect(findInCard(card, (n) => Object.keys(n).some((k) => k.startsWith('$') && k !== '$schema'))).toEqual([]);
  });
});
