// Chat commands. teams-ai strips the bot's @mention before routing, so "@Bot New" arrives as "New".
export type Command = 'new' | 'help';

const ALIASES: Record<string, Command> = {
  new: 'new',
  post: 'new',
  'new conversation': 'new',
  help: 'help'
};

export function parseCommand(text: string | undefined): Command | undefined {
  const normalized = (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  return ALIASES[normalized];
}

/** Commands that call Graph as the person, so Teams SSO must sign them in first. */
export function needsSignIn(command: Command | undefined): boolean {
  return command === 'new';
}
