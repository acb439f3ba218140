// src/teams/app/teams-ai.ts takes teams-ai's classes from their own modules, not the index (which
// loads the library's AI half at every start). They must be the index's very classes: an upgrade
// that moves or copies one fails here.
import * as index from '@microsoft/teams-ai';
import { Application, TeamsAdapter, TurnState } from '../../../src/teams/app/teams-ai';

describe("teams-ai's classes, from their own modules", () => {
  it('Application, TeamsAdapter and TurnState are the classes the index exports', () => {
    expect(typeof Application).toBe('function');
    expect(Application).toBe(index.Application);
    expect(TeamsAdapter).toBe(index.TeamsAdapter);
    expect(TurnState).toBe(index.TurnState);
  });
});
