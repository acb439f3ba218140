// Chat commands. teams-ai strips the bot's @mention before routing, so "@Bot New" arrives as "New".
export type Command =
  | 'new'
  | 'list'
  | 'help'
  | 'signout'
  | 'follow'
  | 'following'
  | 'unfollow'
  | 'subscribe'
  | 'unsubscribe';

export interface ParsedCommand {
  command: Command;
  /** Text after the command word, for commands that take any. */
  args: string;
}

const EXACT: Record<string, Command> = {
  new: 'new',
  post: 'new',
  'new conversation': 'new',
  list: 'list',
  help: 'help',
  signout: 'signout',
  'sign out': 'signout',
  logout: 'signout',
  follow: 'follow',
  following: 'following',
  unfollow: 'unfollow',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe'
};

export function parseCommand(text: string | undefined): ParsedCommand | undefined {
  const normalized = (text ?? '').replace(/\s+/g, ' ').trim();
  const lower = normalized.toLowerCase();
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype members.
  const exact = Object.hasOwn(EXACT, lower) ? EXACT[lower] : undefined;
  if (exact) return { command: exact, args: '' };
  // `list <group name>`, `new <group name>`: the name keeps its case for display; matching ignores
  // case anyway. (`new conversation` is the exact alias above, never a group called "conversation".)
  if (lower.startsWith('list ')) return { command: 'list', args: normalized.slice('list '.length) };
  if (lower.startsWith('new ')) return { command: 'new', args: normalized.slice('new '.length) };
  // `follow <group name>`, `unfollow <group name>` (issue 16): in a team channel.
  if (lower.startsWith('follow ')) return { command: 'follow', args: normalized.slice('follow '.length) };
  if (lower.startsWith('unfollow ')) return { command: 'unfollow', args: normalized.slice('unfollow '.length) };
  // `subscribe <group name>`, `unsubscribe <group name>` (issue 17): the group's mail in one's own inbox.
  if (lower.startsWith('subscribe ')) return { command: 'subscribe', args: normalized.slice('subscribe '.length) };
  if (lower.startsWith('unsubscribe '))
    return { command: 'unsubscribe', args: normalized.slice('unsubscribe '.length) };
  return undefined;
}

/** Commands that call Graph as the person, so Teams SSO must sign them in first. */
export function needsSignIn(parsed: ParsedCommand | undefined): boolean {
  const command = parsed?.command;
  return command === 'new' || command === 'list' || command === 'subscribe' || command === 'unsubscribe';
}
