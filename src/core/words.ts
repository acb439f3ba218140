// The only place for the words a person reads: errors and notices, card titles, texts and
// buttons, input labels, placeholders and their client-side error messages, field errors, the
// sign-in pop-up. Code names a word by its typed id and never writes the sentence itself, so the
// wording is reviewed here, in one file, and a translation is one more `Language` of the same
// shape. (The privacy and terms pages are whole documents and stay in src/http/info-pages.ts.)
//
// Ids are `area.thing` or `area.thing.part`, camelCase inside a part: `button.tryAgain`,
// `input.group.label`, `field.topic.tooLong`. Error notices are `error.<ErrorCode>`, plus
// `.open` (opening a form), `.list`, `.reply` or `.dialog` where that context needs other words.
//
// To add a word: add it to ENGLISH below (a string, or a function of one typed params object
// when it has blanks) and call `say('its.id', params)`; for a title with its text, add a notice
// and call `notice('its.id', params)`. The compiler then checks every id and every params object.

import { BROADCAST_WORDS } from './words-broadcast';
import { FILES_WORDS } from './words-files';
import { FOLLOW_WORDS } from './words-follow';
import { INBOX_WORDS } from './words-inbox';
import { OUTLOOK_WORDS } from './words-outlook';
import { SEARCH_WORDS } from './words-search';

/** Fixed text, or text with blanks filled from one params object. */
type Text<P> = string | ((params: P) => string);

export interface Notice {
  title: string;
  text: string;
}

// English helpers: plurals and "in a minute" are part of the language, not of the code.
const wait = ({ seconds }: { seconds: number }): string => {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
};
const inWait = (retryAfterSeconds: number | undefined): string =>
  retryAfterSeconds ? `in ${wait({ seconds: retryAfterSeconds })}` : 'in a minute';
const refreshed = (p: { refreshed: boolean }): string =>
  p.refreshed ? 'This form could not be read, so it was refreshed. ' : '';
const fieldsNeedAttention = (fields: number): string =>
  fields === 1 ? 'One field needs your attention.' : `${fields} fields need your attention.`;

/** How long to wait, and why to retry: what the error notices with a Retry-After take. */
type Wait = { retryAfterSeconds?: number };
/** Which command the person types to start again (`new` opens a form, `list` a list). */
type Command = { command: 'new' | 'list' };

const ENGLISH = {
  words: {
    ...BROADCAST_WORDS,
    ...FILES_WORDS,
    ...FOLLOW_WORDS,
    ...INBOX_WORDS,
    ...OUTLOOK_WORDS,
    ...SEARCH_WORDS,
    // Buttons
    'button.post': 'Post',
    'button.tryAgain': 'Try again',
    'button.cancel': 'Cancel',
    'button.reply': 'Reply',
    'button.replyAgain': 'Reply again',
    'button.openInOutlook': 'Open in Outlook',
    'button.more': 'More',
    'button.latest': 'Show the latest',
    'button.showConversations': 'Show conversations',
    'button.checkStatus': 'Check status',
    'button.details': 'Details',
    'button.continueInChat': 'Continue in a 1:1 chat',
    'button.openChat': 'Open our 1:1 chat',
    'button.signIn': 'Sign in',
    'button.signInAgain': 'Sign in again',

    // Inputs: labels and placeholders
    'input.group.label': 'Group',
    'input.group.placeholder': 'Choose a group',
    'input.group.searchPlaceholder': 'Choose a group or type its name',
    'input.topic.label': 'Topic',
    'input.message.label': 'Message',
    /** Under a kept message (too long to show again): what is typed here is posted instead. */
    'input.message.replaceLabel': 'Or write a new message (it replaces the kept one)',
    'input.participants.label': 'Participants',
    'input.addParticipants.label': 'Add participants',
    'input.otherEmails.label': 'Other email addresses',
    'input.otherEmails.placeholder': 'name@contoso.com; other@contoso.com',

    // What is wrong with an input: the cards' client-side errorMessage and the server's checks
    // (src/core/validate-draft.ts) share a word wherever they say the same thing.
    'field.group.missing': 'Choose a group.',
    'field.group.notInList': 'Choose a group from the list.',
    'field.topic.required': ({ max }: { max: number }) => `Enter a topic (up to ${max} characters).`,
    'field.topic.missing': 'Enter a topic.',
    'field.topic.tooLong': ({ max }: { max: number }) => `Keep the topic to ${max} characters or fewer.`,
    'field.message.missing': 'Write a message.',
    'field.message.tooLong': ({ max }: { max: number }) =>
      `Keep the message to ${max.toLocaleString('en-US')} characters or fewer.`,
    'field.participants.tooMany': ({ max }: { max: number }) => `Pick at most ${max} participants.`,
    'field.participants.notPicked': 'Pick participants from the people picker.',
    'field.otherEmails.invalid': ({ addresses, more }: { addresses: string[]; more: boolean }) =>
      `Not a valid email address: ${addresses.join(', ')}${more ? ', …' : ''}`,
    'field.otherEmails.tooMany': ({ max }: { max: number }) => `Add at most ${max} email addresses.`,
    'field.draftId.damaged': 'This form is damaged: open a new one with "new".',
    'field.wrongType': 'This value has the wrong type.',
    'field.cardOutOfDate': 'This card is out of date: type **list** to open the conversation again.',

    // The new-conversation form (in a chat, or in the message action's dialog) and its confirmation
    'form.title': 'New group conversation',
    'form.dialogTitle': 'Post to a group conversation',
    /** A group the form was not opened with (its name is not known without Graph). */
    'form.selectedGroup': 'Selected group',
    /** A retry form whose message is too long to show again: it is kept on the server instead. */
    'form.kept.title': 'Your message is kept',
    'form.kept.note': ({ length, hours }: { length: number; hours: number }) =>
      [
        `It is ${length.toLocaleString('en-US')} characters long, too long to show here again,`,
        `so it is kept for you for ${hours} hours. Try again posts it exactly as you wrote it.`
      ].join(' '),
    /** A channel's team group when Teams did not send the team's name. */
    'form.teamGroup': "This team's group",
    'confirmation.title': ({ group }: { group: string }) => `Posted to ${group}`,
    'confirmation.participants': 'Participants',
    'confirmation.noParticipants': 'None added',
    'confirmation.conversationId': ({ id }: { id: string }) => `Conversation ID: ${id}`,
    'confirmation.threadId': ({ id }: { id: string }) => `Thread ID: ${id}`,

    // A group's conversations, the reply form and its confirmation
    'list.title': ({ group }: { group: string }) => `Conversations in ${group}`,
    'list.thisGroup': 'this group',
    'list.newest': 'Most recent first',
    'list.older': 'Older conversations',
    'list.empty': 'No conversations yet. Type **new** to start one.',
    'list.noMore': 'No more conversations.',
    'list.noTopic': '(no topic)',
    'list.from': ({ names, more }: { names: string[]; more: number }) =>
      `from ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    'list.hasAttachments': 'has attachments',
    'list.pickTitle': 'Which group?',
    'list.pickText': 'Pick a group to see its latest conversations.',
    'list.severalMatch': ({ name }: { name: string }) => `Several of your groups match "${name}".`,
    'list.teamGroupText': 'Press **Show conversations** to see the latest ones.',
    'reply.title': ({ topic }: { topic: string }) => `Reply to ${topic}`,
    'reply.theConversation': 'the conversation',
    'replySent.title': ({ topic }: { topic: string }) => `Reply sent to ${topic}`,
    'replySent.added': 'Added to the conversation',

    // A card action that outlasts Teams' invoke limit
    'posting.title': 'Posting…',
    'posting.text':
      'Microsoft 365 is slower than usual. ' +
      'This card changes to the result as soon as it is done; nothing is posted twice.',

    // The message action's dialog when Microsoft 365 is slower than Teams waits for a message extension
    'dialog.stillLoading':
      'Your groups are still loading from Microsoft 365. ' +
      'Close this and choose Post to a group conversation again in a moment.',

    // A group chat has no group of its own, and everyone in it would read the form's groups
    'continueInChat.title': 'Start it in our 1:1 chat',
    'continueInChat.text':
      'Everyone in this chat would see the form and your groups, so it opens in our 1:1 chat with the bot.',

    // What a channel or group chat reads of someone's action (their own view is shown only to them)
    'shared.someone': 'Someone',

    // Help and welcome (the command names themselves are what src/teams/commands/parse-command.ts parses)
    'help.title': 'Group conversations',
    'help.intro':
      'I start conversations in your Microsoft 365 groups. ' +
      'You pick a group, write a topic and a message, and can add participants; the conversation is posted as you.',
    'help.commands': 'Commands',
    'help.new':
      'Start a group conversation. Type new <group name> to preselect the group. Also: post, new conversation.',
    'help.list':
      "Show a group's latest conversations and reply to one. Type list <group name> to pick the group by name.",
    'help.follow':
      "In a team channel: new conversations in a group appear here as cards. Type follow for the team's own group, " +
      'or follow <group name>; following lists them, unfollow stops one.',
    'help.signout': 'Forget your sign-in; the next command signs you in again.',
    'help.help': 'Show this help.',
    'help.messageAction':
      "To post a Teams message to a group, open the message's **…** menu, " +
      'choose **More actions**, then **Post to a group conversation**.',
    'welcome.title': 'Welcome',
    'welcome.intro': 'I start conversations in your Microsoft 365 groups, posted as you.',
    'welcome.start': 'Type **new** to start a group conversation, **help** for more.',

    // Times
    'time.unknown': 'unknown time',
    'time.wait': wait,

    // Asking Teams for the person's token on a card action (the loginRequest's text)
    'signIn.prompt': 'Sign in so the bot can post as you.',
    'signIn.consentPrompt': 'Give the bot permission to post to groups as you.',

    // The sign-in pop-up: why it did not finish, and its last page
    'signIn.declined': 'Consent was declined.',
    // One fixed sentence per Entra ID error (the error parameters of the URL are never shown)
    'signIn.adminConsentNeeded':
      'An administrator of your organization has to give the bot permission first. Ask your admin, then try again.',
    'signIn.extraStep': 'Microsoft 365 needs one more step from you to sign in. Close this window and try again.',
    'signIn.loginNeeded': 'You are not signed in to Microsoft 365. Close this window and try again.',
    'signIn.rejected':
      'Microsoft did not accept this sign-in request. Close this window and try again; if it happens again, ' +
      'tell your admin.',
    'signIn.misconfigured': 'The bot is not set up for sign-in in your organization. Tell your admin.',
    'signIn.unavailable': 'Microsoft sign-in is not available right now. Try again in a few minutes.',
    'signIn.failed': 'Sign-in did not complete. Close this window and try again.',
    'signIn.incomplete': 'The sign-in link is incomplete. Close this window and try again.',
    'signIn.malformed': 'The answer from Microsoft sign-in could not be read. Close this window and try again.',
    'signIn.forged': 'The sign-in link was not issued by this bot.',
    'signIn.tooLate': 'The sign-in took too long. Close this window and try again.',
    'signIn.otherWindow': 'This sign-in was started in another window. Close this window and try again.',
    'signIn.alreadyUsed': 'This sign-in has already been completed. Close this window and try again from Teams.',
    'signIn.someoneElse':
      'You signed in as someone else. Close this window and sign in with the account you use in Teams.',
    'signIn.tooMany': 'Too many sign-in attempts right now. Wait a minute, then try again.',
    'signInPage.title': 'Group conversations: sign-in',
    'signInPage.done': 'You are signed in',
    'signInPage.notDone': 'Sign-in did not finish',
    'signInPage.close': 'You can close this window.',
    'signInPage.goBack': 'Go back to Teams and press Try again (or Post).',
    'signInPage.notRedeemed': 'Microsoft sign-in could not be completed. Close this window and try again.'
  },

  notices: {
    // Notices the Teams layer sends as they are (src/teams/**).
    'notice.unknownText': {
      title: "I didn't catch that",
      text: 'Type **new** to start a group conversation, or **help** to see what I can do.'
    },
    'notice.accountNeeded': {
      title: 'Microsoft 365 account needed',
      text:
        'This bot posts as you in Microsoft 365, so it only works ' +
        'from Microsoft Teams with a work or school account.'
    },
    'notice.tenantNotAllowed': {
      title: 'Not available for your organization',
      text:
        "This bot is set up for another organization, so it can't post for you. " +
        'Ask your Teams admin about a group conversations app for your organization.'
    },
    'notice.unknownAction': {
      title: 'Unknown action',
      text: 'This card action is not recognized. Type **new** to open a fresh form.'
    },
    'notice.signInFirst': {
      title: 'Sign in first',
      text: 'Type **new** to sign in (Teams does it for you), then press **Try again** on the form above.'
    },
    'notice.signInNotConfirmed': {
      title: 'Sign in again',
      text: 'The sign-in could not be confirmed for you, so nothing was done. Sign in again to continue.'
    },
    'notice.signedOut': {
      title: 'Signed out',
      text: 'The bot no longer holds a token for you. The next time you type **new**, Teams signs you in again.'
    },
    'notice.draftDiscarded': { title: 'Draft discarded', text: 'Nothing was posted. Type **new** to start again.' },
    'notice.cardOutOfDate': {
      title: 'This card is out of date',
      text: 'Type **list** to open the conversation again.'
    },
    'notice.pickGroup': { title: 'Pick a group', text: 'Choose one of your groups, or type **list** to start again.' },
    'notice.pageGone': {
      title: 'This page is no longer available',
      text:
        "It has expired, or it is from someone else's list. " +
        "Press **Show the latest** to see this group's latest conversations."
    },
    'notice.noSuchGroup': {
      title: 'No such group',
      text: ({ name }: { name: string }) =>
        `None of your Microsoft 365 groups matches "${name}". Type **list** to pick from your groups.`
    },
    // Outside a 1:1 chat everyone reads the bot's answers: only the team's own group is shown there.
    'notice.noSuchGroupForNew': {
      title: 'No such group',
      text: ({ name }: { name: string }) =>
        `None of your Microsoft 365 groups matches "${name}". Type **new** to pick from your groups.`
    },
    'notice.listInOurChat': {
      title: 'Open our 1:1 chat',
      text: "Everyone here would see that group's conversations. Open our 1:1 chat and type **list** there."
    },
    'notice.teamGroupNotYours': {
      title: "You aren't in this team's group",
      text:
        "Here the form offers only this team's group, and you aren't a member of it. " +
        'Open our 1:1 chat to post to your own groups.'
    },
    // The shared card after someone's action in a channel or group chat: no topic, no text, no addresses.
    'notice.sharedPosted': {
      title: ({ actor, group }: { actor: string; group: string }) => `${actor} posted a conversation to ${group}`,
      text: 'The details are shown only to them.'
    },
    'notice.sharedPostFailed': {
      title: ({ actor }: { actor: string }) => `${actor}'s post did not go through`,
      text: 'What went wrong, and their text to try again, are shown only to them.'
    },
    'notice.sharedReplied': {
      title: ({ actor }: { actor: string }) => `${actor} replied to a group conversation`,
      text: 'The details are shown only to them.'
    },
    'notice.sharedReplyFailed': {
      title: ({ actor }: { actor: string }) => `${actor}'s reply did not go through`,
      text: 'What went wrong, and their text to try again, are shown only to them.'
    },
    'notice.sharedDone': {
      title: ({ actor }: { actor: string }) => `${actor} used Group Conversations`,
      text: 'What they asked for is shown only to them.'
    },

    // A title and its text, as src/core/describe-error.ts picks them for an error code and context.
    'error.validation_failed.retry': {
      title: 'Please try again',
      text: (p: { refreshed: boolean }) => `${refreshed(p)}Your text is kept: check it and press Try again.`
    },
    'error.validation_failed': {
      title: 'Please check the form',
      text: (p: { refreshed: boolean; fields: number }) => `${refreshed(p)}${fieldsNeedAttention(p.fields)}`
    },
    'error.no_groups': {
      title: 'No Microsoft 365 groups',
      text:
        "You aren't a member of any Microsoft 365 group, so there is nowhere to post. " +
        'Ask an owner to add you to a group, then type **new** again.'
    },
    'error.no_groups.list': {
      title: 'No Microsoft 365 groups',
      text: "You aren't a member of any Microsoft 365 group, so there are no conversations to show."
    },
    'error.no_groups.dialog': {
      title: 'No Microsoft 365 groups',
      text:
        "You aren't a member of any Microsoft 365 group, so there is nowhere to post. " +
        'Ask an owner to add you to a group, then try again.'
    },
    'error.sign_in_required': {
      title: 'Sign-in needed',
      text: 'Sign in so the bot can post as you, then press Try again. Your text is kept.'
    },
    'error.sign_in_required.open': {
      title: 'Sign-in needed',
      text: ({ command }: Command) =>
        `The bot could not sign you in to Microsoft 365. Type **${command}** again to retry the sign-in.`
    },
    'error.sign_in_required.dialog': {
      title: 'Sign-in needed',
      text: 'Sign in to Microsoft 365 for the bot, then use **Post to a group** on this message again.'
    },
    'error.consent_required': {
      title: 'Permission needed',
      text:
        "The bot needs your permission (and possibly your admin's) to post to groups as you. " +
        'Give consent, then press Try again. Your text is kept.'
    },
    'error.access_denied': {
      title: "You can't post to this group",
      text:
        "You don't have access to post in this group (it may be private and you aren't a member). " +
        'Pick another group or ask a group owner.'
    },
    'error.access_denied.open': {
      title: "Your groups couldn't be listed",
      text:
        'Microsoft 365 refused to list your groups. ' +
        'Ask your admin whether this bot has been approved for your organization.'
    },
    'error.access_denied.list': {
      title: "You can't read this group",
      text:
        "Microsoft 365 didn't let you read this group's conversations " +
        "(it may be private and you aren't a member). Pick another group."
    },
    'error.access_denied.reply': {
      title: "You can't reply in this group",
      text:
        "You don't have access to post in this group (it may be private and you aren't a member). " +
        'Ask a group owner to add you.'
    },
    'error.group_not_found': {
      title: 'Group not found',
      text: "This group doesn't exist any more or isn't a Microsoft 365 group. Pick another group."
    },
    'error.conversation_not_found': {
      title: 'Conversation not found',
      text:
        "This conversation (or its group) doesn't exist any more, or you can't see it. " +
        "Type **list** to see the group's conversations."
    },
    'error.participant_not_found': {
      title: 'Participant not found',
      text: 'One of the people you picked could not be found in your organization. Remove them and try again.'
    },
    'error.throttled': {
      title: 'Too many requests right now',
      text: ({ retryAfterSeconds }: Wait) =>
        `Microsoft 365 asked us to slow down. Try again ${inWait(retryAfterSeconds)}.`
    },
    'error.throttled.open': {
      title: 'Too many requests right now',
      text: ({ command, retryAfterSeconds }: Command & Wait) =>
        `Microsoft 365 asked us to slow down. Type **${command}** again ${inWait(retryAfterSeconds)}.`
    },
    'error.throttled.dialog': {
      title: 'Too many requests right now',
      text: ({ retryAfterSeconds }: Wait) =>
        `Microsoft 365 asked us to slow down. Close this and try again ${inWait(retryAfterSeconds)}.`
    },
    'error.graph_unavailable': {
      title: 'Microsoft 365 is not answering',
      text:
        "Microsoft 365 didn't respond in time. " +
        'Your conversation may not have been posted; press Try again in a moment.'
    },
    'error.graph_unavailable.open': {
      title: 'Microsoft 365 is not answering',
      text: ({ command }: Command) => `Microsoft 365 didn't respond in time. Type **${command}** again in a moment.`
    },
    'error.graph_unavailable.reply': {
      title: 'Microsoft 365 is not answering',
      text: "Microsoft 365 didn't respond in time. Your reply may not have been sent; press Try again in a moment."
    },
    'error.graph_unavailable.dialog': {
      title: 'Microsoft 365 is not answering',
      text: "Microsoft 365 didn't respond in time. Close this and try again in a moment."
    },
    'error.graph_rejected': {
      title: 'Microsoft 365 refused the post',
      text: 'Microsoft 365 did not accept this conversation. Check the topic, message and addresses, then try again.'
    },
    'error.graph_rejected.reply': {
      title: 'Microsoft 365 refused the reply',
      text: 'Microsoft 365 did not accept this reply. Check the message and addresses, then try again.'
    },
    'error.auth_unavailable': {
      title: 'Sign-in service unavailable',
      text: "Microsoft's sign-in service didn't answer. Press Try again in a moment."
    },
    // The same words wherever it happens (form, list, reply, dialog): only an admin can fix it.
    'error.bot_misconfigured': {
      title: 'The bot is misconfigured',
      text: "The bot is misconfigured, so it can't act for you in Microsoft 365. Tell your admin."
    },
    'error.wrong_user': {
      title: 'Sign-in mismatch',
      text: 'The sign-in Teams sent does not belong to you. Open a new form with **new** and try again.'
    },
    'error.draft_in_progress': {
      title: 'Still posting',
      text: 'This conversation is being posted right now. Wait a moment before trying again.'
    },
    'error.post_status_unknown': {
      title: "We couldn't confirm the post",
      text: ({ retryAfterSeconds }: Wait) =>
        [
          "Microsoft 365 didn't confirm whether it was posted.",
          `Press Try again${retryAfterSeconds ? ` in ${wait({ seconds: retryAfterSeconds })}` : ''}:`,
          "the bot first checks the group and only posts if it isn't there, so it is never posted twice."
        ].join(' ')
    },
    'error.files_forgotten': {
      title: "The message's files can't come along any more",
      text:
        'The bot no longer knows which files this form had (it was open a long time, or the bot restarted). ' +
        'Press Try again to post without them, or open Post to a group conversation on the message again.'
    },
    'error.post_not_found': {
      title: "It wasn't posted",
      text: "The bot checked the group again: your post isn't there. Everything you typed is kept: press Try again to post it."
    },
    'error.rate_limited': {
      title: 'Slow down a little',
      text: ({ retryAfterSeconds }: Wait) =>
        `You've posted a lot in the last minute. Try again ${inWait(retryAfterSeconds)}; your text is kept.`
    },
    'error.reads_limited': {
      title: 'Too many requests from you',
      text: ({ retryAfterSeconds }: Wait) =>
        `You've asked for a lot in the last minute. Try again ${inWait(retryAfterSeconds)}.`
    },
    'error.mailbox_busy': {
      title: 'This group is busy',
      text: ({ retryAfterSeconds }: Wait) =>
        `This group is busy right now. Try again ${inWait(retryAfterSeconds)}; nothing was sent.`
    },
    'error.storage_unavailable': {
      title: "Can't post right now",
      text: "The bot can't reach its storage right now, so nothing was sent. Everything you typed is kept: try again in a minute."
    },
    'error.subscription_not_found': {
      title: 'No longer subscribed',
      text: 'Microsoft Graph no longer has the subscription behind this follow. Type **follow** again to start over.'
    },
    'error.internal': {
      title: 'Something went wrong',
      text: 'Something went wrong on our side. Your text is kept; press Try again.'
    },
    'error.internal.dialog': {
      title: 'Something went wrong',
      text: 'Something went wrong on our side. Close this and try again.'
    }
  }
} satisfies { words: Record<string, Text<never>>; notices: Record<string, { title: Text<never>; text: Text<never> }> };

/** Every word and notice in one language. A translation is one more value of this type. */
export type Language = typeof ENGLISH;
export type WordId = keyof Language['words'];
export type NoticeId = keyof Language['notices'];

type ParamsOf<T> = T extends (params: infer P) => string ? P : never;
/** What `say(id, …)` takes after the id: nothing for a fixed word, its params object otherwise. */
export type WordParams<K extends WordId> = ParamsOf<Language['words'][K]>;
/** A notice's title and text share one params object (either may use it). */
export type NoticeParams<K extends NoticeId> =
  | ParamsOf<Language['notices'][K]['title']>
  | ParamsOf<Language['notices'][K]['text']>;
type Args<P> = [P] extends [never] ? [] : [params: P];

// One language today. With a second, say() and notice() would take the reader's locale (Teams
// sends it on every activity) and pick that language's table, falling back to English.
export const LANGUAGES: Readonly<Record<'en', Language>> = { en: ENGLISH };
const language: Language = LANGUAGES.en;

/** The text a person reads for `id`, its blanks filled from `params`. */
export function say<K extends WordId>(id: K, ...params: Args<WordParams<K>>): string {
  return fill(language.words[id] as Text<unknown>, params[0]);
}

/** A notice's title and text (an error banner, a notice card), filled from `params`. */
export function notice<K extends NoticeId>(id: K, ...params: Args<NoticeParams<K>>): Notice {
  const { title, text } = language.notices[id] as { title: Text<unknown>; text: Text<unknown> };
  return { title: fill(title, params[0]), text: fill(text, params[0]) };
}

function fill(text: Text<unknown>, params: unknown): string {
  return typeof text === 'function' ? text(params) : text;
}
