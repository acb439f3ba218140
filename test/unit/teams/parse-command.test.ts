// The chat command parser: command words in any case and spacing; `list` and `new` take a group
// name after them, kept as typed (matching ignores case); anything else is not a command.
import { needsSignIn, parseCommand } from '../../../src/teams/commands/parse-command';

describe('parseCommand', () => {
  it.each([
    ['new', { command: 'new', args: '' }],
    ['  New   Conversation ', { command: 'new', args: '' }],
    ['post', { command: 'new', args: '' }],
    ['new Product  launch', { command: 'new', args: 'Product launch' }],
    ['NEW marketing', { command: 'new', args: 'marketing' }],
    ['list', { command: 'list', args: '' }],
    ['list Finance (private)', { command: 'list', args: 'Finance (private)' }],
    ['sign out', { command: 'signout', args: '' }],
    ['follow', { command: 'follow', args: '' }],
    ['Follow  Product launch', { command: 'follow', args: 'Product launch' }],
    ['following', { command: 'following', args: '' }],
    ['unfollow', { command: 'unfollow', args: '' }],
    ['UNFOLLOW Sales', { command: 'unfollow', args: 'Sales' }],
    ['subscribe', { command: 'subscribe', args: '' }],
    ['Subscribe  Product launch', { command: 'subscribe', args: 'Product launch' }],
    ['unsubscribe Sales', { command: 'unsubscribe', args: 'Sales' }]
  ])('%j → %j', (text, parsed) => {
    expect(parseCommand(text)).toEqual(parsed);
  });

  it.each([
    'newsletter',
    'please make a new one',
    'listing',
    'followers',
    'follow-up',
    'unfollowed',
    'subscribed',
    'unsubscribes',
    'constructor',
    '__proto__',
    '',
    undefined
  ])('%j is not a command', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });

  it('signs in first the 1:1 commands that call Graph as the person (subscribe and unsubscribe among them)', () => {
    for (const text of ['new', 'list', 'subscribe Sales', 'unsubscribe Sales'])
      expect(needsSignIn(parseCommand(text))).toBe(true);
    for (const text of ['help', 'signout', 'following']) expect(needsSignIn(parseCommand(text))).toBe(false);
  });
});
