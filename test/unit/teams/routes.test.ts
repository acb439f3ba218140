// The route table is the one look-up for "what answers X?": every verb a card can send, every
// command the manifest offers and every message-extension command (action or search) must have a route there.
import fs from 'node:fs';
import path from 'node:path';
import { VERBS } from '../../../src/cards';
import { parseCommand } from '../../../src/teams/commands';
import {
  CARD_ACTION_ROUTES,
  cardActionRoute,
  COMMAND_ROUTES,
  MESSAGE_EXTENSION_ROUTES,
  OWN_VIEW,
  QUERY_ROUTES
} from '../../../src/teams/app/routes';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../appPackage/manifest.json'), 'utf8'));

describe('route table', () => {
  it('routes every verb the cards send, and nothing else', () => {
    // The shared card's refresh is Action.Execute only (OWN_VIEW): an Action.Submit would post it.
    const buttons = Object.values(VERBS).filter((v) => v !== VERBS.showOwnView);
    expect(Object.keys(CARD_ACTION_ROUTES).sort()).toEqual(buttons.sort());
    expect(cardActionRoute(VERBS.showOwnView)).toBe(OWN_VIEW);
  });

  it('finds a route only for own verbs (not Object.prototype members)', () => {
    expect(cardActionRoute(VERBS.createConversation)).toBe(CARD_ACTION_ROUTES[VERBS.createConversation]);
    for (const verb of ['toString', 'constructor', '__proto__', '', undefined, 42])
      expect(cardActionRoute(verb)).toBeUndefined();
  });

  it('routes every command of the manifest’s command lists', () => {
    const titles: string[] = manifest.bots[0].commandLists.flatMap((l: { commands: { title: string }[] }) =>
      l.commands.map((c) => c.title)
    );
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) {
      const parsed = parseCommand(title);
      expect(parsed && COMMAND_ROUTES[parsed.command]).toBeDefined();
    }
  });

  it('routes every message-extension command of the manifest: an action its open and submit, a query its query and select', () => {
    type Command = { id: string; type: 'action' | 'query' };
    const commands: Command[] = manifest.composeExtensions.flatMap((e: { commands: Command[] }) => e.commands);
    const ids = (type: Command['type']) =>
      [...new Set(commands.filter((c) => c.type === type).map((c) => c.id))].sort();
    expect(ids('action').length + ids('query').length).toBe(commands.length);
    expect(Object.keys(MESSAGE_EXTENSION_ROUTES).sort()).toEqual(ids('action'));
    for (const id of ids('action'))
      expect(MESSAGE_EXTENSION_ROUTES[id]).toEqual({ open: expect.any(Object), submit: expect.any(Object) });
    expect(Object.keys(QUERY_ROUTES).sort()).toEqual(ids('query'));
    for (const id of ids('query'))
      expect(QUERY_ROUTES[id]).toEqual({ query: expect.any(Object), select: expect.any(Object) });
  });

  it('lets only help, Cancel and following (a channel’s list of follows) run without an Entra identity', () => {
    const anonymous = [...Object.entries(COMMAND_ROUTES), ...Object.entries(CARD_ACTION_ROUTES)]
      .filter(([, r]) => r.anonymous)
      .map(([k]) => k);
    expect(anonymous.sort()).toEqual(['help', VERBS.cancel, 'following'].sort());
  });
});
