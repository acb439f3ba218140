// The words of "Posted, but will anyone see it?" (issue 17): a group hidden from Outlook clients
// (as groups created from Teams are by default) shows its conversations only to members who open
// the group. Kept beside words.ts as the broadcast's and follow's are. A pure table: it imports nothing.
export const OUTLOOK_WORDS = {
  'hidden.title': ({ group }: { group: string }) => `${group} is hidden from Outlook`,
  'hidden.text':
    'This group is hidden from Outlook: members see its conversations only if they open the group. ' +
    'Post anyway, or pick another group.',
  'hidden.confirmation':
    'This group is hidden from Outlook: members see its conversations only if they open the group.',
  'button.postAnyway': 'Post anyway'
} as const;
