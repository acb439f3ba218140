// card-actions/: what the buttons on the bot's cards do, one handler per verb: Post (and Try
// again), Reply (open the form, send it), More / Show conversations, Cancel. Each gets the turn
// and returns an Outcome; app/routes.ts maps verbs to these handlers.
export { postFromDialog, postFromForm } from './post-action';
export { openReplyForm, sendReply } from './reply-actions';
export { conversationsCard, showConversations } from './list-action';
export { discardDraft } from './cancel-action';
export { groupChoices, openForm, pickerOf, type GroupPicker } from './new-conversation-form';
export { searchMyGroups } from './group-search';
