// Teams refuses a bot message over 100 KB, counted in UTF-16 (413 MessageSizeTooBig,
// PLATFORM-FACTS "Message size"): two bytes per UTF-16 code unit of the JSON that is sent.

/** The size Teams counts for `value` (a card, an activity): its JSON in UTF-16. */
export function utf16Bytes(value: unknown): number {
  return (JSON.stringify(value)?.length ?? 0) * 2;
}

/**
 * A retry form echoes what was typed only while the whole card stays within this: well under
 * Teams' 100 KB, leaving room for the activity around the card (and the 80 KB the tests aim at).
 */
export const ECHO_BUDGET_BYTES = 40 * 1024;
