// Cancel on the new-conversation form: nothing was posted; no person or token is needed.
import { buildNoticeCard } from '../../cards';
import { show, type AnonymousHandler } from '../app/outcome';

/** cancelDraft */
export const discardDraft: AnonymousHandler = async () =>
  show(buildNoticeCard({ title: 'Draft discarded', text: 'Nothing was posted. Type **new** to start again.' }));
