// The words of following a group in a channel (issue 16), kept beside words.ts as the broadcast's
// are; words.ts spreads them into its language table, so `say('follow.…')` is checked like any
// other word. A pure table: it imports nothing.
const replies = (n: number): string => `${n} new repl${n === 1 ? 'y' : 'ies'}`;

export const FOLLOW_WORDS = {
  'button.follow': 'Follow',
  'button.unfollow': 'Stop following',
  'unfollow.signInTitle': ({ group }: { group: string }) => `Stop following ${group}?`,
  'unfollow.signIn':
    'Only the person who set it up or an owner of this team can stop it. Press **Stop following** to sign in and check, as you.',
  'follow.confirmedTitle': ({ group }: { group: string }) => `Following ${group}`,
  'follow.confirmed': ({ actor, group }: { actor: string; group: string }) =>
    `${actor} set this channel to follow ${group}. New conversations and replies in the group appear here ` +
    'as cards anyone in the channel can answer. Type **unfollow** to stop.',
  'follow.alreadyTitle': ({ group }: { group: string }) => `Already following ${group}`,
  'follow.already': ({ group, follower }: { group: string; follower: string }) =>
    `This channel already follows ${group} (set up by ${follower}). Type **following** to see what it follows.`,
  'follow.channelOnlyTitle': 'Follow works in a team channel',
  'follow.channelOnly':
    'A team channel follows a group, so that everyone in it sees the new conversations. ' +
    'Open the channel and type **follow** there (or **follow** and a group name).',
  'follow.noTeamGroupTitle': 'Which group?',
  'follow.noTeamGroup': "This team's own group is not known here: type **follow** and the group's name.",
  'follow.signInTitle': ({ group }: { group: string }) => `Follow ${group} in this channel`,
  'follow.signIn':
    'Only a member of the group can set a channel to follow it. Press **Follow** to sign in and check, as you.',
  'follow.tooManyTitle': 'This channel follows enough groups',
  'follow.tooMany': ({ max }: { max: number }) =>
    `A channel can follow at most ${max} groups. Type **unfollow** and a group's name to make room.`,
  'follow.failedTitle': ({ group }: { group: string }) => `Couldn't follow ${group}`,
  'follow.failed':
    "Microsoft Graph didn't accept the subscription (it checks that it can reach the bot first). " +
    'Nothing changed: try **follow** again in a few minutes.',
  'unfollow.failedTitle': ({ group }: { group: string }) => `Couldn't stop following ${group}`,
  'unfollow.failed':
    "Microsoft Graph couldn't say who owns this team just now, so nothing changed. Try **unfollow** again in a minute.",
  'following.title': 'This channel follows',
  'following.row': ({ group, follower }: { group: string; follower: string }) => `${group}, set up by ${follower}`,
  'following.noneTitle': 'This channel follows no group',
  'following.none':
    "Type **follow** to follow the team's own group, or **follow** and a group's name: new conversations " +
    'there then appear here.',
  'unfollow.doneTitle': ({ group }: { group: string }) => `Stopped following ${group}`,
  'unfollow.done': ({ actor, group }: { actor: string; group: string }) =>
    `${actor} stopped this channel following ${group}. Cards already here stay.`,
  'unfollow.notAllowedTitle': ({ group }: { group: string }) => `Can't stop following ${group}`,
  'unfollow.notAllowed': ({ follower }: { follower: string }) =>
    `Only ${follower}, who set it up, or an owner of this team can stop it.`,
  'unfollow.whichTitle': 'Which group?',
  'unfollow.which': ({ groups }: { groups: string }) =>
    `This channel follows ${groups}. Type **unfollow** and the group's name.`,
  'unfollow.notFollowingTitle': 'Not followed here',
  'unfollow.notFollowing': ({ name }: { name: string }) =>
    `This channel doesn't follow a group named "${name}". Type **following** to see what it follows.`,
  'follow.stoppedTitle': ({ group }: { group: string }) => `No longer following ${group}`,
  'follow.stopped': ({ group, follower }: { group: string; follower: string }) =>
    `The bot can no longer keep this channel's subscription with ${follower}'s sign-in (they may have ` +
    `left the group, or their sign-in was withdrawn), so new conversations in ${group} won't appear here. ` +
    `A member of the group can type **follow ${group}** to start again.`,
  'thread.group': ({ group }: { group: string }) => `New in ${group}`,
  'thread.from': ({ sender, when }: { sender: string; when: string }) => `${sender} · ${when}`,
  'thread.newReplies': ({ count }: { count: number }) => replies(count),
  'thread.latest': ({ sender, when }: { sender: string; when: string }) => `Latest from ${sender} · ${when}`,
  'thread.setUpBy': ({ follower }: { follower: string }) =>
    `Shown because ${follower} set this channel to follow the group. Reply posts as you.`,
  'thread.someone': 'Someone'
} as const;
