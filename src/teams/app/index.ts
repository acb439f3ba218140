// app/: building the teams-ai Application (create-bot-app.ts), the route table (routes.ts), the
// turn object every handler gets (turn.ts), what handlers return (outcome.ts) and the one place
// that turns it into Teams' answers (answers.ts, answer-within-deadline.ts, invoke-responses.ts).
export { createBotApp } from './create-bot-app';
export { BotAdapter, createBotAdapter } from './bot-adapter';
export type { BotDeps } from './bot-deps';
export { refuseOtherTenants } from './tenant-guard';
export { LOGGER_KEY, tenantOf } from './turn';
export { refuseUntrustedChannel, type ChannelGuardConfig, type ChannelRefusal } from './channel-guard';
