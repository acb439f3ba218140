// A group name typed after `list` or `new`: what is matched (bounded) and what a card echoes back
// (shorter, shown literally: a TextBlock would otherwise render it as Markdown).
import { clip } from '../../cards/size-budget';
import { markdownSafe } from '../../core/markdown-safe';

/** A paragraph pasted after the command is not a group name: matching reads this much of it. */
const MATCHED_CHARS = 256;
/** …and a card echoes this much. */
const SHOWN_CHARS = 120;

export function typedGroupName(args: string): { matched: string; shown: string } {
  return { matched: args.slice(0, MATCHED_CHARS), shown: markdownSafe(clip(args, SHOWN_CHARS)) };
}
