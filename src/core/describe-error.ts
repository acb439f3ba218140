// The one place that turns an error into what the person reads. Everything else throws
// typed errors; nothing else writes user-facing failure text.
import { AppError, ValidationError, type ErrorCode } from './errors';

export interface ErrorDescription {
  code: ErrorCode;
  title: string;
  text: string;
}

/**
 * What the person was doing: posting a form (the default), opening one with `new`, listing a
 * group's conversations (`list`, its More button, opening a reply), or sending a reply.
 */
export type ErrorContext = 'post' | 'open-form' | 'list' | 'reply' | MessageActionContext;

/** The "Post to a group" message action's dialog: opening it, or posting from it. */
export type MessageActionContext = 'open-dialog' | 'dialog-post';

export function describeError(err: unknown, during: ErrorContext = 'post'): ErrorDescription {
  const code: ErrorCode = err instanceof AppError ? err.code : 'internal';
  const retryAfter = err instanceof AppError ? err.retryAfterSeconds : undefined;
  const specific =
    during === 'open-form' ? describeOpeningError(code, retryAfter, 'new') : during === 'list' ? describeListError(code, retryAfter) : during === 'reply' ? describeReplyError(code) : describeDialogError(code, retryAfter, during);
  if (specific) return specific;
  switch (code) {
    case 'validation_failed': {
      // Count only the inputs the form marks: a damaged draftId has no input of its own (the
      // form comes back with a fresh one), so it must not be counted as a field to fix.
      const fields = err instanceof ValidationError ? Object.keys(err.fields) : ['unknown'];
      const shown = fields.filter((f) => f !== 'draftId' && f !== 'verb').length;
      const refreshed = fields.includes('draftId') ? 'This form could not be read, so it was refreshed. ' : '';
      if (shown === 0) return { code, title: 'Please try again', text: `${refreshed}Your text is kept: check it and press Try again.` };
      const attention = shown === 1 ? 'One field needs your attention.' : `${shown} fields need your attention.`;
      return { code, title: 'Please check the form', text: `${refreshed}${attention}` };
    }
    case 'no_groups':
      return { code, title: 'No Microsoft 365 groups', text: "You aren't a member of any Microsoft 365 group, so there is nowhere to post. Ask an owner to add you to a group, then type **new** again." };
    case 'sign_in_required':
      return { code, title: 'Sign-in needed', text: 'Sign in so the bot can post as you, then press Try again. Your text is kept.' };
    case 'consent_required':
      return { code, title: 'Permission needed', text: 'The bot needs your permission (and possibly your admin\'s) to post to groups as you. Give consent, then press Try again. Your text is kept.' };
    case 'access_denied':
      return { code, title: "You can't post to this group", text: "You don't have access to post in this group (it may be private and you aren't a member). Pick another group or ask a group owner." };
    case 'group_not_found':
      return { code, title: 'Group not found', text: "This group doesn't exist any more or isn't a Microsoft 365 group. Pick another group." };
    case 'conversation_not_found':
      return { code, title: 'Conversation not found', text: "This conversation (or its group) doesn't exist any more, or you can't see it. Type **list** to see the group's conversations." };
    case 'participant_not_found':
      return { code, title: 'Participant not found', text: 'One of the people you picked could not be found in your organization. Remove them and try again.' };
    case 'throttled':
      return {
        code,
        title: 'Too many requests right now',
        text: `Microsoft 365 asked us to slow down. Try again ${retryAfter ? `in ${formatWait(retryAfter)}` : 'in a minute'}.`
      };
    case 'graph_unavailable':
      return { code, title: 'Microsoft 365 is not answering', text: "Microsoft 365 didn't respond in time. Your conversation may not have been posted; press Try again in a moment." };
    case 'graph_rejected':
      return { code, title: 'Microsoft 365 refused the post', text: 'Microsoft 365 did not accept this conversation. Check the topic, message and addresses, then try again.' };
    case 'auth_unavailable':
      return { code, title: 'Sign-in service unavailable', text: "Microsoft's sign-in service didn't answer. Press Try again in a moment." };
    case 'wrong_user':
      return { code, title: 'Sign-in mismatch', text: 'The sign-in Teams sent does not belong to you. Open a new form with **new** and try again.' };
    case 'draft_in_progress':
      return { code, title: 'Still posting', text: 'This conversation is being posted right now. Wait a moment before trying again.' };
    case 'post_status_unknown':
      return {
        code,
        title: "We couldn't confirm the post",
        text: `Microsoft 365 didn't confirm whether it was posted. Press Try again${retryAfter ? ` in ${formatWait(retryAfter)}` : ''}: the bot first checks the group and only posts if it isn't there, so it is never posted twice.`
      };
    case 'rate_limited':
      return { code, title: 'Slow down a little', text: `You've posted a lot in the last minute. Try again ${retryAfter ? `in ${formatWait(retryAfter)}` : 'in a minute'}; your text is kept.` };
    default:
      return { code: 'internal', title: 'Something went wrong', text: 'Something went wrong on our side. Your text is kept; press Try again.' };
  }
}

// While opening a form (or a list) there is no typed text yet: the advice is to type the command again.
function describeOpeningError(code: ErrorCode, retryAfter: number | undefined, command: 'new' | 'list'): ErrorDescription | undefined {
  switch (code) {
    case 'access_denied':
      return { code, title: "Your groups couldn't be listed", text: 'Microsoft 365 refused to list your groups. Ask your admin whether this bot has been approved for your organization.' };
    case 'sign_in_required':
    case 'consent_required':
      return { code, title: 'Sign-in needed', text: `The bot could not sign you in to Microsoft 365. Type **${command}** again to retry the sign-in.` };
    case 'throttled':
      return { code, title: 'Too many requests right now', text: `Microsoft 365 asked us to slow down. Type **${command}** again ${retryAfter ? `in ${formatWait(retryAfter)}` : 'in a minute'}.` };
    case 'graph_unavailable':
    case 'auth_unavailable':
      return { code, title: 'Microsoft 365 is not answering', text: `Microsoft 365 didn't respond in time. Type **${command}** again in a moment.` };
    default:
      return undefined;
  }
}

// Reading conversations: nothing was posted, so nothing can be lost or sent twice.
function describeListError(code: ErrorCode, retryAfter: number | undefined): ErrorDescription | undefined {
  switch (code) {
    case 'access_denied':
      return { code, title: "You can't read this group", text: "Microsoft 365 didn't let you read this group's conversations (it may be private and you aren't a member). Pick another group." };
    case 'no_groups':
      return { code, title: 'No Microsoft 365 groups', text: "You aren't a member of any Microsoft 365 group, so there are no conversations to show." };
    default:
      return describeOpeningError(code, retryAfter, 'list');
  }
}

// A reply goes into an existing thread: say "reply", not "conversation", where it matters.
function describeReplyError(code: ErrorCode): ErrorDescription | undefined {
  switch (code) {
    case 'access_denied':
      return { code, title: "You can't reply in this group", text: "You don't have access to post in this group (it may be private and you aren't a member). Ask a group owner to add you." };
    case 'graph_unavailable':
      return { code, title: 'Microsoft 365 is not answering', text: "Microsoft 365 didn't respond in time. Your reply may not have been sent; press Try again in a moment." };
    case 'graph_rejected':
      return { code, title: 'Microsoft 365 refused the reply', text: 'Microsoft 365 did not accept this reply. Check the message and addresses, then try again.' };
    default:
      return undefined;
  }
}

// In the message action's dialog Teams cannot sign the person in (its SSO for message extensions
// covers search commands only), and closing the dialog is how to start over.
function describeDialogError(code: ErrorCode, retryAfter: number | undefined, during: ErrorContext): ErrorDescription | undefined {
  if (during !== 'open-dialog' && during !== 'dialog-post') return undefined;
  if (code === 'sign_in_required' || code === 'consent_required') {
    return { code, title: 'Sign-in needed', text: 'Teams can sign you in to the bot only in a 1:1 chat: type **new** there once, then use **Post to a group** on this message again.' };
  }
  if (during === 'dialog-post') return undefined;
  switch (code) {
    case 'no_groups':
      return { code, title: 'No Microsoft 365 groups', text: "You aren't a member of any Microsoft 365 group, so there is nowhere to post. Ask an owner to add you to a group, then try again." };
    case 'access_denied':
      return { code, title: "Your groups couldn't be listed", text: 'Microsoft 365 refused to list your groups. Ask your admin whether this bot has been approved for your organization.' };
    case 'throttled':
      return { code, title: 'Too many requests right now', text: `Microsoft 365 asked us to slow down. Close this and try again ${retryAfter ? `in ${formatWait(retryAfter)}` : 'in a minute'}.` };
    case 'graph_unavailable':
    case 'auth_unavailable':
      return { code, title: 'Microsoft 365 is not answering', text: "Microsoft 365 didn't respond in time. Close this and try again in a moment." };
    default:
      return { code: 'internal', title: 'Something went wrong', text: 'Something went wrong on our side. Close this and try again.' };
  }
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
