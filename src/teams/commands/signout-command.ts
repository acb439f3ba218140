// `signout` (also "sign out", "logout"): forget every token the bot holds for the person.
import { buildNoticeCard } from '../../cards';
import { show, type Handler } from '../app/outcome';
import { notice } from '../../core/words';

export const signOutCommand: Handler = async (turn) => {
  await turn.deps.tokens.signOut(turn.person);
  turn.log.info('person signed out');
  return show(buildNoticeCard(notice('notice.signedOut')));
};
