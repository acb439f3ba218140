// message-extension/: the "Post to a group" message action (composeExtension/fetchTask opens
// the pre-filled dialog, composeExtension/submitAction posts it). app/routes.ts maps the
// manifest's command id to these handlers. The `findConversation` search command (query, then
// selectItem) finds and inserts a group conversation.
export { openPostToGroup, POST_TO_GROUP_COMMAND } from './post-to-group';
export { FIND_CONVERSATION_COMMAND, findConversations, insertFoundConversation } from './find-conversation';
