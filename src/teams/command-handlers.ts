// The chat commands: new, list, help, signout.
import { buildContinueInChatCard, buildHelpCard, buildNoticeCard } from '../cards';
import { AppError } from '../core/errors';
import { describeError } from '../core/describe-error';
import type { CommandHandler, CommandHandlers } from './command-turn';
import { buildNewForm, buildTeamGroupForm } from './open-form';
import { listCommand } from './list-command';
import { conversationScope, teamGroupId, teamName } from './turn-helpers';

const openNewForm: CommandHandler = async (turn) => {
  const scope = conversationScope(turn.context);
  const teamGroup = teamGroupId(turn.context);
  try {
    await turn.send(await buildNewForm(turn.deps, turn.user, await turn.token(), teamGroup));
  } catch (err) {
    if (err instanceof AppError && err.code === 'sign_in_required' && scope !== 'personal' && turn.deps.config.bot) {
      // Silent SSO for commands only works in a 1:1 chat. In a channel the team's group is
      // enough to open the form (Post signs in through the card); in a group chat, one click
      // takes the person to the 1:1 chat.
      turn.log.info({ scope }, 'no token outside personal scope');
      await turn.send(
        teamGroup
          ? buildTeamGroupForm(turn.deps, turn.user, { id: teamGroup, displayName: teamName(turn.context) ?? "This team's group" })
          : buildContinueInChatCard(turn.deps.config.bot.appId)
      );
      return;
    }
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

export const commandHandlers: CommandHandlers = { new: openNewForm, list: listCommand, help, signout: signOut };
