// The built bot (dist/src), loaded at run time with the types of its TypeScript source. The
// bench measures what `npm run build` produced, not src/ through a transpiler, and every path
// into dist/ is here: when a module moves in src/, this file is the one to change.
import path from 'node:path';
import { DIST_SRC } from './paths';

function built<T>(modulePath: string): T {
  return require(path.join(DIST_SRC, modulePath)) as T;
}

/** The Graph sandbox component: its default (playground) seed, and the server for processes/sandbox-process.ts. */
export function sandboxCode() {
  return built<typeof import('../src/sandbox')>('sandbox');
}

/** The card verbs and the help card, to recognise the bot's answers. */
export function cardCode() {
  return built<typeof import('../src/cards')>('cards');
}

/** The bot's words, to recognise a card by its title (the broadcast's progress and summary). */
export function wordsCode() {
  return built<typeof import('../src/core/words')>('core/words');
}

/** What bench/processes/bot-process.ts composes, as src/start.ts does, plus the adapter it wraps. */
export function botCode() {
  return {
    ...built<typeof import('../src/config')>('config'),
    ...built<typeof import('../src/logger')>('logger'),
    ...built<typeof import('../src/create-bot')>('create-bot'),
    ...built<typeof import('../src/teams/app')>('teams/app')
  };
}

/** Teams mode's on-behalf-of token path, for the token-cost process. */
export function tokenCode() {
  return {
    ...built<typeof import('../src/config')>('config'),
    ...built<typeof import('../src/logger')>('logger'),
    ...built<typeof import('../src/auth/msal-config')>('auth/msal-config'),
    ...built<typeof import('../src/auth/shared-token-cache')>('auth/shared-token-cache'),
    ...built<typeof import('../src/auth/msal-network-client')>('auth/msal-network-client'),
    ...built<typeof import('../src/auth/obo-token-provider')>('auth/obo-token-provider'),
    ...built<typeof import('../src/auth/resolve-user-token')>('auth/resolve-user-token')
  };
}

/** The real entry point, for the start-time scenario. */
export const BUILT_ENTRY = path.join(DIST_SRC, 'index.js');
