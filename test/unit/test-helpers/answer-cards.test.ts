// useTestBot's post() (and the e2e and reliability senders) check every card of every answer: that
// only holds if the cards are found in each shape the bot answers with, and a bad one fails.
import { answerCards, checkAnswerCards } from '../../helpers/answer-cards';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const good = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] };
const bad = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Bogus', id: 'x' }] };

describe('the cards in an answer', () => {
  it('finds the card of an invoke answer, of expectReplies activities and of a dialog', () => {
    const invoke = { statusCode: 200, type: ADAPTIVE, value: good };
    const replies = {
      activities: [
        {
          type: 'message',
          attachments: [
            { contentType: ADAPTIVE, content: good },
            { contentType: 'text/plain', content: 'x' }
          ]
        },
        { type: 'typing' }
      ]
    };
    const dialog = {
      task: { type: 'continue', value: { title: 't', card: { contentType: ADAPTIVE, content: good } } }
    };
    expect(answerCards(invoke).map((c) => c.at)).toEqual(['body.value']);
    expect(answerCards(replies).map((c) => c.at)).toEqual(['body.activities[0].attachments[0].content']);
    expect(answerCards(dialog).map((c) => c.at)).toEqual(['body.task.value.card.content']);
    expect(answerCards({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'x' } })).toEqual([]);
    expect(answerCards(undefined)).toEqual([]);
  });

  it('fails on a bad card wherever it is, naming where', () => {
    expect(() => checkAnswerCards('/api/messages', { type: ADAPTIVE, value: good })).not.toThrow();
    expect(() => checkAnswerCards('/api/messages', { type: ADAPTIVE, value: bad })).toThrow(
      /card at body\.value of the answer to POST \/api\/messages: [\s\S]*Input\.Bogus/
    );
    expect(() =>
      checkAnswerCards('/api/messages', {
        activities: [
          {
            attachments: [
              { contentType: ADAPTIVE, content: good },
              { contentType: ADAPTIVE, content: bad }
            ]
          }
        ]
      })
    ).toThrow(/at body\.activities\[0\]\.attachments\[1\]\.content of the answer/);
    expect(() =>
      checkAnswerCards('/api/messages', { task: { value: { card: { contentType: ADAPTIVE, content: bad } } } })
    ).toThrow(/at body\.task\.value\.card\.content of the answer/);
  });

  it('fails on a message over the size budget (UTF-16), each expectReplies activity on its own', () => {
    // Two cards of 45 KB (UTF-16) each: each fits, the message carrying both does not.
    const half = { ...good, body: [{ type: 'TextBlock', text: 'é'.repeat(23_000) }] };
    expect(() => checkAnswerCards('/api/messages', { type: ADAPTIVE, value: half })).not.toThrow();
    const two = { contentType: ADAPTIVE, content: half };
    expect(() => checkAnswerCards('/api/messages', { activities: [{ attachments: [two, two] }] })).toThrow(
      /message at body\.activities\[0\] of the answer to POST \/api\/messages is 9\d\.\d KB .*as UTF-16/
    );
    expect(() =>
      checkAnswerCards('/api/messages', { activities: [{ attachments: [two] }, { attachments: [two] }] })
    ).not.toThrow();
  });
});
