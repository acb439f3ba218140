// The pages the Teams manifest links to: the landing page (websiteUrl, `/`), privacy and terms.
// Plain, static, and true to what the bot does: it stores no message bodies, only what it needs to
// answer a repeated Post.
// They are whole documents, reviewed (and later translated) as documents, so they stay here
// rather than as sentences in src/core/words.ts, the home of every other word a person reads.
import { OUTLOOK_FLAG_TTL_MS } from '../core/group-directory';
import { SCAN_TTL_MS } from '../core/conversation-scan';

const PAGE = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem; max-width: 42rem">
<h1 style="font-size: 1.4rem">${title}</h1>
${body}
</body></html>`;

/** How long the bot keeps what it keeps: the privacy page states these numbers, as configured. */
export interface Retention {
  formTtlHours: number;
  formsPerPerson: number;
  ownViewHours: number;
  ownViewsPerPerson: number;
  keptDraftHours: number;
  pageCursorHours: number;
  recentGroupsDays: number;
  recentGroupsPerPerson: number;
  ledgerDays: number;
  tokenIdleDays: number;
  tokenMaxAccounts: number;
  broadcastHours: number;
  /** A stopped follow (and a thread card quiet this long) is removed after this many days. */
  followStoppedDays: number;
  /** A follower's kept sign-in unused this many days is removed. */
  keptSignInDays: number;
  /** Whether a group is hidden from Outlook, kept per group (issue 17). */
  outlookFlagMinutes: number;
  /** What the compose box's search looked through, kept per person (issue 17). */
  searchScanMinutes: number;
}

// The stores' own defaults (form-context-store, own-view-store, kept-draft-store, page-cursor-store,
// recent-groups, sqlite-draft-ledger, group-directory).
export const DEFAULT_RETENTION: Readonly<Retention> = Object.freeze({
  formTtlHours: 24,
  formsPerPerson: 20,
  ownViewHours: 24,
  ownViewsPerPerson: 20,
  keptDraftHours: 24,
  pageCursorHours: 24,
  recentGroupsDays: 180,
  recentGroupsPerPerson: 30,
  ledgerDays: 30,
  tokenIdleDays: 7,
  tokenMaxAccounts: 10_000,
  broadcastHours: 24,
  followStoppedDays: 30,
  keptSignInDays: 90,
  outlookFlagMinutes: OUTLOOK_FLAG_TTL_MS / 60_000,
  searchScanMinutes: SCAN_TTL_MS / 60_000
});

const plural = (n: number, unit: string) => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

/** The privacy page: exactly what is kept, where, and for how long (issue 13). */
export function privacyPage(kept: Retention = DEFAULT_RETENTION): string {
  return PAGE(
    'Group Conversations: privacy',
    `<p>The bot posts to Microsoft 365 group conversations <strong>as you</strong>, with a token Microsoft Entra ID
issues for you when you use it. It asks for <em>Group.ReadWrite.All</em> (to list your groups and post) and
<em>User.ReadBasic.All</em> (to find the mail addresses of the people you add).</p>
<p>What it keeps, and for how long:</p>
<ul>
<li><strong>Your sign-in</strong> (Microsoft 365 access and refresh tokens), in the bot's memory only: a refresh
token keeps it usable beyond an access token's hour, so it is kept until you type <strong>signout</strong>, until
you have not used the bot for ${plural(kept.tokenIdleDays, 'day')}, or until the bot restarts, whichever comes
first (and the sign-ins of at most ${kept.tokenMaxAccounts.toLocaleString('en-US')} people at once, the least
recently used forgotten first). When you set a channel to follow a group, your sign-in (the account and refresh
token, never an access token) is also kept in the bot's storage, encrypted with the bot's own secret and readable
only as yours, so that the bot can renew the group's subscription as you while you are away: until you type
<strong>signout</strong> or it has not been used for ${plural(kept.keptSignInDays, 'day')}.</li>
<li><strong>What a channel follows</strong>: the group's id and name, who set it up, the channel, Microsoft Graph's
subscription and its secret, and for each thread shown there the card's id and how many posts it showed (never a
message's text), until the channel stops following, then ${plural(kept.followStoppedDays, 'day')}; a thread's card
record goes after ${plural(kept.followStoppedDays, 'day')} without a new post.</li>
<li><strong>An open form</strong> (the groups it listed, whether it told you its group is hidden from Outlook, and a
message you post from Teams with its formatting and the names and links of its files), in memory: ${plural(kept.formTtlHours, 'hour')} after you opened
it, at most your ${plural(kept.formsPerPerson, 'form')} most recently opened, or until the bot restarts.</li>
<li><strong>Your own view of a card in a channel or group chat</strong> (your confirmation, or the form again with
your text, which only you are shown while everyone else sees a neutral card), in memory:
${plural(kept.ownViewHours, 'hour')} after it was made, at most your ${plural(kept.ownViewsPerPerson, 'view')} most
recently made, or until the bot restarts.</li>
<li><strong>A long message whose Post failed</strong>, so Try again still has it: ${plural(kept.keptDraftHours, 'hour')},
and 15 minutes once it is posted.</li>
<li><strong>An announcement you post to several groups at once</strong> (its topic, message, participants' addresses,
the groups and how each went), so that a restart of the bot resumes it and Retry the failed ones still has it:
${plural(kept.broadcastHours, 'hour')} after it last changed. While it is posting, it also keeps your Microsoft 365
access token for it, encrypted with the bot's own secret, and drops it as soon as every group has its outcome.</li>
<li><strong>Where "More" goes next</strong> on a list of conversations: ${plural(kept.pageCursorHours, 'hour')}.</li>
<li><strong>The groups you posted to most recently</strong> (at most ${kept.recentGroupsPerPerson}, to list them
first): ${plural(kept.recentGroupsDays, 'day')} after you last used each.</li>
<li><strong>Whether a group is hidden from Outlook</strong> (a setting of the group, the same for everyone, read to
warn you before you post there), in memory: ${plural(kept.outlookFlagMinutes, 'minute')}.</li>
<li><strong>What the compose box's search looked through</strong> (the topics, previews and senders of your groups'
recent conversations, read as you), in memory and only for your own searches:
${plural(kept.searchScanMinutes, 'minute')}.</li>
<li><strong>Each form you post</strong>: the group, the conversation and thread ids, the topic, a short preview,
the participants' addresses and a fingerprint of the message, so that pressing Post twice never posts twice:
${plural(kept.ledgerDays, 'day')}.</li>
</ul>
<p>Getting a group's conversations in your inbox (<strong>subscribe</strong>) is a setting Microsoft 365 keeps for
you: the bot changes it as you, and keeps nothing of it.</p>
<p>Once a form is posted it does not keep the message body (an announcement to several groups keeps it for the
time above), and it never writes tokens or message text to its
logs.</p>
<p>Your organization runs this bot: ask your Teams administrator about how long its backups and logs are kept.</p>`
  );
}

export const PRIVACY_PAGE = privacyPage();

export const TERMS_PAGE = PAGE(
  'Group Conversations: terms of use',
  `<p>This bot is provided by your organization for posting to Microsoft 365 group conversations from Microsoft Teams.
Everything it posts is posted as you and follows your organization's policies for group mailboxes.</p>`
);

/** The manifest's websiteUrl: what the bot is, and where its privacy statement and terms are. */
export const LANDING_PAGE = PAGE(
  'Group Conversations',
  `<p>Group Conversations is a Microsoft Teams bot that starts conversations in your Microsoft 365 groups (the
group mailboxes you see in Outlook) without leaving Teams. Type <strong>new</strong> in a chat with the bot, pick a
group, write a topic and a message, add people if you like, and press <strong>Post</strong>: the conversation is
posted <strong>as you</strong>. <strong>list</strong> shows a group's latest conversations so you can reply, and
<strong>Post to a group conversation</strong> on a Teams message's menu posts that message to a group.</p>
<p>In a team channel or a group chat the bot shows only what everyone there may see: the team's own group, never
your other groups or what you type.</p>
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></p>`
);
