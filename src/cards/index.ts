export * from './card-types';
export { buildFormCard } from './build-form-card';
export { buildConfirmationCard } from './build-confirmation-card';
export { buildHelpCard } from './build-help-card';
export { buildWelcomeCard } from './build-welcome-card';
export { buildNoticeCard } from './build-notice-card';
export { buildContinueInChatCard, buildOpenChatCard, chatWithBotUrl } from './build-continue-in-chat-card';
export { buildPostingCard } from './build-posting-card';
export { buildListCard } from './build-list-card';
export { buildPickGroupCard } from './build-pick-group-card';
export { buildReplyFormCard } from './build-reply-form-card';
export { buildReplySentCard } from './build-reply-sent-card';
export { CARD_BUDGET_BYTES, ECHO_BUDGET_BYTES, utf16Bytes } from './size-budget';
export { buildBroadcastCard, type BroadcastCardData, type BroadcastCardGroup } from './build-broadcast-card';
export {
  buildFollowedThreadCard,
  THREAD_PREVIEW_MAX,
  type FollowedThreadCardData,
  type ThreadPostView
} from './build-followed-thread-card';
export { buildFollowCard, type FollowCardData } from './build-follow-card';
export { buildInboxCard, inboxButton, type InboxCardData, type InboxOp } from './build-inbox-card';
export {
  buildFoundConversationCard,
  foundConversationPreview,
  FOUND_PREVIEW_MAX,
  type FoundConversationCardData,
  type FoundSelection
} from './build-found-conversation-card';
