// The chat commands: new, help, signout.
import { buildHelpCard, buildNoticeCard } from '../cards';
import { describeError } from '../core/describe-error';
import type { CommandHandler, CommandHandlers } from './command-turn';
import { buildNewForm } from './open-form';
import { teamGroupId } from './turn-helpers';

const openNewForm: CommandHandler = async (turn) => {
  try {
    await turn.send(await buildNewForm(turn.deps, turn.user, await turn.token(), teamGroupId(turn.context)));
  } catch (err) {
    turn.log.warn({ err }, 'could not open the form');
    await turn.send(buildNoticeCard(describeError(err, 'open-form')));
  }
};

const help: CommandHandler = async (turn) => {
  await turn.send(buildHelpCard());
};

const signOut: CommandHandler = async (turn) => {
  await turn.deps.tokens.signOut(turn.user);
  turn.log.info('person signed out');
  await turn.send(buildNoticeCard({ title: 'Signed out', text: 'The bot no longer holds a token for you. The next time you type **new**, Teams signs you in again.' }));
};

export const commandHandlers: CommandHandlers = { new: openNewForm, help, signout: signOut };
