// A channel's `follow` or `unfollow` typed without a token (Teams signs a command in silently only
// in the 1:1 chat): the button signs the presser in through the card (Universal Actions) and then
// does what was typed, as them (issue 16).
import template from '../../adaptiveCards/follow.json';
import { actionData } from './action-data';
import { VERBS, type AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';

export interface FollowCardData {
  title: string;
  text: string;
  button: string;
  op: 'follow' | 'unfollow';
  /** The group name as typed (up to the matcher's length), when one was. */
  group?: string;
}

export function buildFollowCard(data: FollowCardData): AdaptiveCard {
  const follow = actionData(VERBS.followGroup, { op: data.op, group: data.group });
  return renderTemplate(template, {
    verbs: VERBS,
    t: { title: data.title, text: data.text, button: data.button },
    follow: follow.data,
    followSubmit: follow.submit
  });
}
