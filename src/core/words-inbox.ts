// The words of following a group in one's own inbox (issue 17: subscribeByMail), kept beside
// words.ts as the follow feature's are; words.ts spreads them into its language table, so
// `say('inbox.…')` is checked like any other word. A pure table: it imports nothing.
export const INBOX_WORDS = {
  'button.subscribeByMail': 'Get these by email',
  'button.unsubscribeByMail': 'Stop emails',
  'inbox.onTitle': ({ group }: { group: string }) => `${group} comes to your inbox`,
  'inbox.on':
    'New conversations and replies in this group are emailed to you, as when you follow the group in Outlook. ' +
    'Press **Stop emails** to stop them.',
  'inbox.offTitle': ({ group }: { group: string }) => `${group} no longer comes to your inbox`,
  'inbox.off':
    "The group's conversations stay in the group (and in its cards here) but aren't emailed to you. " +
    'Press **Get these by email** to get them again.',
  'inbox.notMemberTitle': ({ group }: { group: string }) => `You aren't a member of ${group}`,
  'inbox.notMember':
    "Only the group's members can get its conversations by email. Ask an owner of the group to add you.",
  'inbox.whichTitle': 'Which group?',
  'inbox.which': ({ command }: { command: string }) =>
    `Type **${command}** and the group's name, for example **${command} Marketing**.`,
  'inbox.inOurChatTitle': 'Open our 1:1 chat',
  'inbox.inOurChat': ({ command }: { command: string }) =>
    `Here only this team's own group can be set. Open our 1:1 chat and type **${command}** and the group's name there.`,
  'inbox.signInTitle': ({ group }: { group: string }) => `Your inbox and ${group}`,
  'inbox.signIn':
    'Press the button to sign in, as you: only your own inbox changes, and only if you are a member of the group.',
  'help.subscribe':
    "Get a group's new conversations and replies in your own inbox: subscribe <group name>; " +
    "unsubscribe <group name> stops them. In a team channel, without a name: the team's own group."
} as const;
