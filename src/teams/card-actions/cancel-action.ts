// Cancel on the new-conversation form: nothing was posted; no person or token is needed.
import { buildNoticeCard } from '../../cards';
import { show, type AnonymousHandler } from '../app/outcome';
import { notice } from '../../core/words';

/** cancelDraft */
export const discardDraft: AnonymousHandler = async () => {
  const discarded = notice('notice.draftDiscarded');
  // Nothing personal in it: a channel may read it as it is.
  return { ...show(buildNoticeCard(discarded)), shared: discarded };
};
