// The broadcast's words (issue 15), kept beside words.ts so that file stays readable; words.ts
// spreads them into its language table, so `say('broadcast.…')` is checked like any other word.
// Like words.ts, a pure table: it imports nothing.
const groups = (n: number): string => `${n} group${n === 1 ? '' : 's'}`;

export const BROADCAST_WORDS = {
  'button.retryFailed': 'Retry the failed ones',
  'button.postToAll': ({ count }: { count: number }) => `Post to all ${count} groups`,
  'input.group.multiPlaceholder': 'Choose one or more groups',
  'input.allGroups.title': 'Post to all my groups',
  'field.group.tooMany': ({ max }: { max: number }) => `Pick at most ${max} groups.`,
  'field.group.overAllowance': ({ count, limit, available, seconds }: OverAllowance) =>
    [
      `This posts to ${groups(count)}. You can post ${limit} times a minute:`,
      `${available} more right now, more in ${seconds} s.`,
      count > limit ? `Pick at most ${limit} groups.` : 'Pick fewer groups, or post again then.'
    ].join(' '),
  'broadcast.confirmAll.title': ({ count }: { count: number }) => `Post to all ${count} of your groups?`,
  'broadcast.confirmAll.text': ({ count }: { count: number }) =>
    `This message goes to each of your ${count} groups, as you. Press **Post to all ${count} groups** to go ahead.`,
  'broadcast.posting': ({ total }: { total: number }) => `Posting to ${groups(total)}…`,
  'broadcast.progress': ({ done, failed, checking }: { done: number; failed: number; checking: number }) =>
    [`${done} done`, `${failed} failed`, ...(checking > 0 ? [`${checking} checking…`] : [])].join(', '),
  'broadcast.summary': ({ posted, total }: { posted: number; total: number }) =>
    posted === total ? `Posted to all ${groups(total)}` : `Posted to ${posted} of ${groups(total)}`,
  'broadcast.summaryText': ({ failed }: { failed: number }) =>
    failed === 0
      ? 'Each group got its own conversation.'
      : `${groups(failed)} could not be posted to: see why below. Retry the failed ones posts only to those.`,
  'broadcast.topic': ({ topic }: { topic: string }) => `Topic: ${topic}`,
  'broadcast.state.waiting': 'Waiting',
  'broadcast.state.posting': 'Posting…',
  'broadcast.state.posted': 'Posted',
  'broadcast.state.checking': 'Checking whether it was posted…',
  'broadcast.goneTitle': "This announcement can't be retried",
  'broadcast.gone': 'This announcement is no longer kept, so it cannot be retried here. Type **new** to post it again.',
  'broadcast.notYours': 'Only the person who posted this announcement can retry it.',
  'broadcast.overAllowance': ({ count, seconds }: { count: number; seconds: number }) =>
    `Retrying posts to ${groups(count)}, more than you can post right now. Press Retry the failed ones again in ${seconds} s.`
} as const;

type OverAllowance = { count: number; limit: number; available: number; seconds: number };
