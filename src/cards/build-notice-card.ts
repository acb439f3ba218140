import template from '../../adaptiveCards/notice.json';
import type { AdaptiveCard, NoticeCardData } from './card-types';
import { renderTemplate } from './render-template';

/** A short message card: no groups, cancelled, sign-in hints. */
export function buildNoticeCard(data: NoticeCardData): AdaptiveCard {
  return renderTemplate(template, { title: data.title ?? '', text: data.text ?? '' });
}
