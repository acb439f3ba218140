import template from '../../adaptiveCards/pick-group.json';
import { VERBS, type AdaptiveCard, type PickGroupCardData } from './card-types';
import { groupInputWords } from './card-words';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

/** "Which group?": the person's groups (or the ones matching a name) and "Show conversations". */
export function buildPickGroupCard(data: PickGroupCardData): AdaptiveCard {
  return renderTemplate(template, {
    verbs: VERBS,
    t: { ...groupInputWords(), showConversations: say('button.showConversations') },
    title: data.title ?? '',
    text: data.text ?? '',
    groups: data.groups.map((g) => ({ id: g.id ?? '', displayName: g.displayName || g.id || '' })),
    // One choice: preselect it, so the button works without opening the list.
    value: data.groups.length === 1 ? (data.groups[0]?.id ?? '') : ''
  });
}
