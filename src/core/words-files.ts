// The words of "A message's files come along" (issue 17 item 3): the dialog's list of the
// message's files, what cannot come along, and the heading of the post's list of links. Kept
// beside words.ts as the broadcast's and follow's are. A pure table: it imports nothing.
const count = (n: number, one: string, many: string): string => (n === 1 ? one : `${n} ${many}`);

export const FILES_WORDS = {
  'files.title': 'Files that come along',
  'files.hint': 'The post links to them: each reader opens them with their own access. Turn off any to leave it out.',
  'files.notFiles': ({ count: n }: { count: number }) =>
    `${count(n, 'One attachment', 'attachments')} can't come along: only files stored in SharePoint or OneDrive can.`,
  'files.overLimit': ({ count: n, max }: { count: number; max: number }) =>
    `${count(n, 'One more file', 'more files')} can't come along: at most ${max} can.`,
  'files.pictures': ({ count: n }: { count: number }) =>
    `${count(n, 'A picture', 'pictures')} in the message can't come along: pictures stay in the chat. ` +
    'Share them as files to link them.',
  'files.postHeading': 'Files'
} as const;
