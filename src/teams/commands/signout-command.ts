// `signout` (also "sign out", "logout"): forget every token the bot holds for the person.
import { buildNoticeCard } from '../../cards';
import { show, type Handler } from '../app/outcome';

export const signOutCommand: Handler = async (turn) => {
  await turn.deps.tokens.signOut(turn.person);
  turn.log.info('person signed out');
  return show(buildNoticeCard({ title: 'Signed out', text: 'The bot no longer holds a token for you. The next time you type **new**, Teams signs you in again.' }));
};
