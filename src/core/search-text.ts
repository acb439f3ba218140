// How every search in the bot reads what a person typed (a group's name in `new`/`list`, the
// picker's typeahead, the compose box's search) and the paging numbers Teams sends with it: one
// rule, so "product  LAUNCH" finds the same things everywhere.

/** Case-insensitive, runs of spaces as one: "product  LAUNCH" finds "Product launch". */
export function foldText(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A non-negative integer as Teams' skip/top/count should be; anything else is `fallback`. */
export function wholeNumber(n: unknown, fallback: number): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : fallback;
}
