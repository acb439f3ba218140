// The words of the compose box's search (issue 17, message extension `findConversation`): its
// previews, the card it inserts, and what it says when nothing is found. Kept beside words.ts as
// the broadcast's and follow's are. A pure table: it imports nothing.
export const SEARCH_WORDS = {
  'search.group': ({ group }: { group: string }) => `Group conversation in ${group}`,
  'search.lastPost': ({ sender, when }: { sender: string; when: string }) =>
    when ? `Last post by ${sender}, ${when}` : `Last post by ${sender}`,
  'search.lastPostAt': ({ when }: { when: string }) => `Last post ${when}`,
  'search.previewLine': ({ group, when }: { group: string; when: string }) => (when ? `${group} · ${when}` : group),
  'search.nothingFound': 'Nothing found in your recent conversations',
  'search.stillLooking': 'Still looking through your groups: type again in a moment.',
  'search.noGroups': 'You are not a member of any Microsoft 365 group yet.',
  'search.notFound': 'That conversation is no longer among your recent conversations. Search again.',
  'search.signIn': 'Sign in to search your group conversations',
  'help.search':
    'To share a group conversation in a chat, choose **Group Conversations** under the compose box, then ' +
    '**Find a group conversation**, and type words from its topic or latest message.'
} as const;
