// In a channel, which Microsoft 365 group is the team's own: the only group a channel may see
// (`new` offers it alone, `list` lists it alone). Teams names it on some activities
// (channelData.team.aadGroupId) but not on every channel message (the Agents Playground never
// does); the Bot Connector's team details (GET /v3/teams/{id}, TeamsInfo.getTeamDetails) always
// have it, so they are asked once per team and remembered (a team's group never changes).
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { setNewest } from '../../core/bounded-map';
import { isRecord } from '../../core/is-record';
import { isGuid } from '../../core/validate-draft';
import type { Logger } from '../../logger';
import { conversationScope } from './turn';

export interface TeamGroup {
  groupId?: string;
  name?: string;
}

/** The team's group of a channel activity that does not name it; undefined elsewhere or when unknown. */
export type TeamGroupLookup = (context: TurnContext, log: Logger) => Promise<TeamGroup | undefined>;

export function createTeamGroupLookup(maxTeams = 10_000): TeamGroupLookup {
  const known = new Map<string, TeamGroup>();
  return async (context, log) => {
    const a = context.activity;
    const team = isRecord(a.channelData) ? a.channelData.team : undefined;
    if (conversationScope(a) !== 'channel' || !isRecord(team) || typeof team.id !== 'string') return undefined;
    if (isGuid(team.aadGroupId)) return undefined;
    const remembered = known.get(team.id);
    if (remembered) return remembered;
    try {
      const details = await TeamsInfo.getTeamDetails(context, team.id);
      const found: TeamGroup = {
        groupId: isGuid(details.aadGroupId) ? details.aadGroupId.toLowerCase() : undefined,
        name: typeof details.name === 'string' && details.name.trim() ? details.name.trim() : undefined
      };
      setNewest(known, team.id, found, maxTeams);
      return found;
    } catch (err) {
      // Without it the channel is offered no group (the 1:1 chat instead): safe, only less handy.
      log.warn({ err }, 'could not read the team details from the Bot Connector');
      return undefined;
    }
  };
}
