// src/teams/app/teams-ai.ts takes teams-ai's classes from their own modules, not the index (which
// loads the library's AI half at every start). They must be the index's very classes: an upgrade
// that moves or copies one fails here.
import * as teamsAi from '@microsoft/teams-ai';
import * as ours from '../../../src/teams/app/teams-ai';

describe("teams-ai's classes, from their own modules", () => {
  it.each(['Application', 'TeamsAdapter', 'TurnState'] as const)('%s is the class the index exports', (name) => {
    expect(typeof ours[name]).toBe('function');
    expect(ours[name]).toBe(teamsAi[name]);
  });

});
