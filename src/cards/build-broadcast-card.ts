import template from '../../adaptiveCards/broadcast.json';
import { countStates, isSettled, type GroupState } from '../core/broadcast-plan';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';
import { VERBS, type AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';

export interface BroadcastCardGroup {
  name: string;
  state: GroupState;
  /** Posted: its group's conversations in Outlook on the web (built by the bot, never from card data). */
  outlookUrl?: string;
  /** Failed or checking: why, in words (describe-error.ts's title for its code). */
  reason?: string;
}

export interface BroadcastCardData {
  broadcastId: string;
  topic: string;
  groups: readonly BroadcastCardGroup[];
  /** Why the last click did nothing (Retry the failed ones over the person's allowance). */
  banner?: { title: string; text: string };
}

const COLORS: Record<GroupState, string> = {
  waiting: 'Default',
  posting: 'Default',
  posted: 'Good',
  failed: 'Attention',
  checking: 'Warning'
};

/**
 * One card for the whole broadcast (issue 15): while it runs, "Posting to 37 groups… 12 done,
 * 1 failed" and where each group stands; once every group is settled, the summary, with Open in
 * Outlook for each posted group, the reason for each failed one and Retry the failed ones.
 */
export function buildBroadcastCard(data: BroadcastCardData): AdaptiveCard {
  const counts = countStates(data.groups.map((g) => g.state));
  const settled = isSettled(counts);
  const retry = settled && counts.failed > 0 ? { broadcastId: data.broadcastId } : undefined;
  return renderTemplate(template, {
    t: {
      title: settled
        ? say('broadcast.summary', { posted: counts.done, total: counts.total })
        : say('broadcast.posting', { total: counts.total }),
      progress: settled ? say('broadcast.summaryText', { failed: counts.failed }) : say('broadcast.progress', counts),
      topic: say('broadcast.topic', { topic: markdownSafe(data.topic) }),
      retryFailed: say('button.retryFailed')
    },
    groups: data.groups.map((g) => ({ line: lineOf(g), color: COLORS[g.state] })),
    verb: VERBS.retryBroadcast,
    retry,
    retrySubmit: retry && { ...retry, verb: VERBS.retryBroadcast },
    banner: data.banner
  });
}

function lineOf(group: BroadcastCardGroup): string {
  const name = `**${markdownSafe(group.name)}**`;
  switch (group.state) {
    case 'posted':
      return group.outlookUrl
        ? `${name} · ${say('broadcast.state.posted')} · [${say('button.openInOutlook')}](${group.outlookUrl})`
        : `${name} · ${say('broadcast.state.posted')}`;
    case 'failed':
      return `${name} · ${markdownSafe(group.reason ?? '')}`;
    default:
      return `${name} · ${say(`broadcast.state.${group.state}`)}`;
  }
}
