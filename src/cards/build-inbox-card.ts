// Following a group in one's own inbox (issue 17): the answer to `subscribe` / `unsubscribe` and to
// their buttons says the state now and offers the opposite; the same button (op `on`) sits on the
// confirmation and list cards (inboxButton), where the state is not shown because knowing it would
// cost a Graph read per card: the press reads it and answers with the new state instead.
import template from '../../adaptiveCards/inbox.json';
import { actionData, type ActionData } from './action-data';
import { VERBS, type AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

export type InboxOp = 'on' | 'off';

export interface InboxCardData {
  title: string;
  text: string;
  groupId: string;
  /** What the button does. */
  op: InboxOp;
}

/** The button's data, title included, for any card that offers it. */
export function inboxButton(groupId: string, op: InboxOp): ActionData & { title: string } {
  return {
    title: say(op === 'on' ? 'button.subscribeByMail' : 'button.unsubscribeByMail'),
    ...actionData(VERBS.mailSubscription, { groupId, op })
  };
}

export function buildInboxCard(data: InboxCardData): AdaptiveCard {
  const button = inboxButton(data.groupId, data.op);
  return renderTemplate(template, {
    verbs: VERBS,
    t: { title: data.title, text: data.text, button: button.title },
    inbox: button.data,
    inboxSubmit: button.submit
  });
}
