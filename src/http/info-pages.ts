// The pages the Teams manifest links to: the landing page (websiteUrl, `/`), privacy and terms.
// Plain, static, and true to what the bot does: it stores no message bodies, only what it needs to
// answer a repeated Post.
// They are whole documents, reviewed (and later translated) as documents, so they stay here
// rather than as sentences in src/core/words.ts, the home of every other word a person reads.
const PAGE = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem; max-width: 42rem">
<h1 style="font-size: 1.4rem">${title}</h1>
${body}
</body></html>`;

export const PRIVACY_PAGE = PAGE(
  'Group Conversations: privacy',
  `<p>The bot posts to Microsoft 365 group conversations <strong>as you</strong>, with a token Microsoft Entra ID
issues for you when you use it. It asks for <em>Group.ReadWrite.All</em> (to list your groups and post) and
<em>User.ReadBasic.All</em> (to find the mail addresses of the people you add).</p>
<p>It keeps your Microsoft 365 token in memory until it expires or you type <strong>signout</strong>. For each form
you post it keeps the group, the conversation and thread ids, the topic, a short preview and the participants'
addresses, so that pressing Post twice never posts twice. It does not keep the message body, and it never writes
tokens or message text to its logs.</p>
<p>Your organization runs this bot: ask your Teams administrator about how long its data is kept.</p>`
);

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
