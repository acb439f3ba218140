import { buildBroadcastCard, buildNoticeCard, type AdaptiveCard } from '../../cards';
import { say, type Notice } from '../../core/words';
import type { BroadcastRecord } from '../../storage/broadcast-store';
import { broadcastCardData } from './broadcaster';

/** The summary as it stands, with why the click did nothing (the card keeps its Retry button). */
export function buildBroadcastCardWithBanner(record: BroadcastRecord, banner: Notice): AdaptiveCard {
  return buildBroadcastCard({ ...broadcastCardData(record), banner: { title: banner.title, text: banner.text } });
}

/** A broadcast that cannot be acted on here: another person's, or no longer kept. */
export function buildBroadcastNoticeCard(why: 'notYours' | 'gone'): AdaptiveCard {
  return buildNoticeCard({ title: say('broadcast.goneTitle'), text: say(`broadcast.${why}`) });
}
