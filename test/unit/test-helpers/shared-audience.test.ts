// The shared-audience helper itself: it must catch typed text on its way to a channel or group
// chat, and leave alone what only the person sees (the invoke answer, their 1:1 chat).
import { createAudienceWatch, SharedAudienceError, typedPieces } from '../../helpers/shared-audience';

const CHANNEL = { conversationType: 'channel', id: '19:general@thread.tacv2' };
const typedInChannel = {
  type: 'invoke',
  name: 'adaptiveCard/action',
  conversation: CHANNEL,
  value: {
    action: {
      verb: 'createConversation',
      data: { topic: 'Salary bands', body: 'Line one\nok', otherEmails: 'a@b.test; c@d.test' }
    }
  }
};
const card = (text: string) => ({
  type: 'message',
  attachments: [{ content: { body: [{ type: 'TextBlock', text }] } }]
});

describe('shared-audience helper', () => {
  it('takes the topic, each message line and each other address as typed (pieces of 4 characters or more)', () => {
    expect(typedPieces(typedInChannel.value.action.data)).toEqual(['Salary bands', 'Line one', 'a@b.test', 'c@d.test']);
  });

  it('fails on an expectReplies activity to the channel that shows typed text; not on the invoke answer', () => {
    const watch = createAudienceWatch();
    // The invoke answer (no expectReplies) is shown to the person alone.
    watch.checkPosted('/api/messages', typedInChannel, { statusCode: 200, value: card('Salary bands') });
    expect(() =>
      watch.checkPosted(
        '/api/messages',
        { ...typedInChannel, type: 'message', deliveryMode: 'expectReplies', value: { topic: 'x' } },
        { activities: [card('Posted: Salary bands')] }
      )
    ).toThrow(SharedAudienceError);
  });

  it('fails on a Bot Connector send to a channel or group chat, never on one to a 1:1 chat', () => {
    const watch = createAudienceWatch();
    watch.checkPosted('/api/messages', typedInChannel, undefined);
    expect(() => watch.checkOutgoing('a:personal-chat', card('c@d.test'), 'test')).not.toThrow();
    expect(() => watch.checkOutgoing('19:chat@thread.v2', card('to c@d.test'), 'test')).toThrow('"c@d.test"');
    expect(() => watch.assertClean()).toThrow(SharedAudienceError);
    expect(() => watch.assertClean()).not.toThrow();
  });

  it('learns nothing from a 1:1 chat: the person may see their own text there', () => {
    const watch = createAudienceWatch();
    watch.checkPosted(
      '/api/messages',
      { ...typedInChannel, conversation: { conversationType: 'personal', id: 'a:1' } },
      undefined
    );
    expect(watch.typed.size).toBe(0);
  });
});
