import template from '../../adaptiveCards/pick-group.json';
import { VERBS, type AdaptiveCard, type PickGroupCardData } from './card-types';
import { groupInputWords } from './card-words';
import { staticChoices, withGroupPicker } from './group-picker';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

/**
 * "Which group?": the person's groups (or the ones matching a name) and "Show conversations"; at
 * most MAX_STATIC_GROUPS of them listed, with the typeahead when there are more.
 */
export function buildPickGroupCard(data: PickGroupCardData): AdaptiveCard {
  const search = data.searchGroups === true;
  return withGroupPicker(staticChoices(data.groups), search, (groups) =>
    renderTemplate(template, {
      verbs: VERBS,
      t: { ...groupInputWords(search), showConversations: say('button.showConversations') },
      title: data.title ?? '',
      text: data.text ?? '',
      groups,
      // One choice: preselect it, so the button works without opening the list.
      value: groups.length === 1 ? (groups[0]?.id ?? '') : ''
    })
  );
}
