export * from './card-types';
export { buildFormCard } from './build-form-card';
export { buildConfirmationCard } from './build-confirmation-card';
export { buildHelpCard } from './build-help-card';
export { buildWelcomeCard } from './build-welcome-card';
export { buildNoticeCard } from './build-notice-card';
export { buildContinueInChatCard } from './build-continue-in-chat-card';
