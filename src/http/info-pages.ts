// The privacy and terms pages the Teams manifest links to. Plain, static, and true to what the
// bot does: it stores no message bodies, only what it needs to answer a repeated Post.
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
