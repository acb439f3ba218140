// The new-conversation form in the message action's dialog (mode 'dialog'): Post is an
// Action.Submit (dialogs don't send Action.Execute), there is no Cancel; the chat form is unchanged.
import { buildFormCard, VERBS, type FormCardData } from '../../../src/cards';
import { notice, say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import { cardButtons, findInCard, findInput } from '../../helpers/card-readers';

type Node = Record<string, any>;

const BOB = { id: 'b0b00000-0000-4000-8000-000000000b0b', displayName: 'Bob Stone' };
const data = (over: Partial<FormCardData> = {}): FormCardData => ({
  draftId: 'd0000000-0000-4000-8000-00000000d1a1',
  groups: [{ id: '11111111-1111-1111-1111-111111111111', displayName: 'Marketing' }],
  values: { groupId: '', topic: 'From the message', body: 'Line 1\nLine 2', participants: BOB.id, otherEmails: '' },
  knownPeople: [BOB],
  ...over
});

describe('buildFormCard mode', () => {
  it("'dialog': one Action.Submit Post carrying verb and draftId, no Cancel, no Execute", () => {
    const card = buildFormCard(data({ mode: 'dialog' }));
    expect(cardButtons(card)).toEqual([
      {
        type: 'Action.Submit',
        title: say('button.post'),
        style: 'positive',
        data: { verb: VERBS.createConversation, draftId: 'd0000000-0000-4000-8000-00000000d1a1' }
      }
    ]);
    expect(findInCard(card, (n) => n.type === 'Action.Execute')).toEqual([]);
    expect(findInCard(card, (n) => '$when' in n)).toEqual([]);
  });

  it("'dialog' after a failure: Try again, still a Submit", () => {
    const card = buildFormCard(
      data({ mode: 'dialog', error: notice('error.validation_failed', { refreshed: false, fields: 1 }) })
    );
    expect(cardButtons(card).map((a) => [a.type, a.title])).toEqual([['Action.Submit', say('button.tryAgain')]]);
  });

  it('the pre-filled values and the author as a known person in the picker', () => {
    const card = buildFormCard(data({ mode: 'dialog' }));
    const byId = (id: string) => findInput(card, id) as Node;
    expect(byId('topic').value).toBe('From the message');
    expect(byId('body').value).toBe('Line 1\nLine 2');
    expect(byId('participants').value).toBe(BOB.id);
    expect(byId('participants').choices).toEqual([{ title: 'Bob Stone', value: BOB.id }]);
  });

  it("the chat form (default and 'chat') keeps Execute Post + Cancel, exactly as before", () => {
    for (const card of [buildFormCard(data()), buildFormCard(data({ mode: 'chat' }))]) {
      const actions = cardButtons(card);
      expect(actions.map((a) => [a.type, a.verb])).toEqual([
        ['Action.Execute', VERBS.createConversation],
        ['Action.Execute', VERBS.cancel]
      ]);
      expect(actions[0].fallback).toMatchObject({ type: 'Action.Submit', data: { verb: VERBS.createConversation } });
      expect(findInCard(card, (n) => '$when' in n)).toEqual([]);
    }
  });
});

describe('dialog form card schema', () => {
  it('is a valid Teams card, also as a retry form', () => {
    assertValidCard(buildFormCard(data({ mode: 'dialog' })));
    assertValidCard(
      buildFormCard(
        data({ mode: 'dialog', error: { title: 't', text: 'x' }, fieldErrors: { topic: say('field.topic.missing') } })
      )
    );
  });
});
