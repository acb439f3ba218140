// teams-ai's index loads all of the library, its AI half too (planners, the OpenAI and Azure
// OpenAI models, gpt-tokenizer, axios): about 0.4 s of every start (measured with a require
// timer, issue 18) for code this bot never runs. The three classes it uses come from their own
// modules; teams-ai 1.7 has no `exports` map, and a unit test checks that they are the very
// classes the index exports, so an upgrade that moves them fails a test instead of a start.
export { Application } from '@microsoft/teams-ai/lib/Application';
export { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
export { TurnState } from '@microsoft/teams-ai/lib/TurnState';
