// Pieces for hand-written GraphClient fakes: the methods a test does not expect to be called,
// each failing loudly if it is (a fake that silently answered would hide a wrong call).
import type { GraphClient } from '../../src/graph/graph-client';

const notExpected = (method: string) => () => Promise.reject(new Error(`${method} not expected`));

/** The follow feature's calls (issue 16), for fakes of the posting and reply paths. */
export const NO_FOLLOW_CALLS: Pick<
  GraphClient,
  'listConversationThreads' | 'listGroupOwnerIds' | 'createSubscription' | 'renewSubscription' | 'deleteSubscription'
> = {
  listConversationThreads: notExpected('listConversationThreads'),
  listGroupOwnerIds: notExpected('listGroupOwnerIds'),
  createSubscription: notExpected('createSubscription'),
  renewSubscription: notExpected('renewSubscription'),
  deleteSubscription: notExpected('deleteSubscription')
};

/** Following a group in one's inbox (issue 17), for fakes of every other path. */
export const NO_MAIL_SUBSCRIPTION_CALLS: Pick<GraphClient, 'getMailSubscription' | 'setMailSubscription'> = {
  getMailSubscription: notExpected('getMailSubscription'),
  setMailSubscription: notExpected('setMailSubscription')
};

/** Reading whether a group is hidden from Outlook (issue 17), for fakes of paths that never ask. */
export const NO_OUTLOOK_VISIBILITY_CALLS: Pick<GraphClient, 'isHiddenFromOutlook'> = {
  isHiddenFromOutlook: notExpected('isHiddenFromOutlook')
};
