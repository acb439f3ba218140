// commands/: what a person types to the bot (new, list, help, signout), parsed from the message
// text; each handler gets the turn and returns an Outcome. app/routes.ts maps words to handlers.
export { needsSignIn, parseCommand, type Command } from './parse-command';
export { newCommand } from './new-command';
export { listCommand } from './list-command';
export { helpCommand } from './help-command';
export { signOutCommand } from './signout-command';
