// Small pieces the invoke-contract checks share (invoke-contract.ts is the entry point).

/** Rule id → where the rule comes from (a document, with its words where they are short). */
export type Rules = Record<string, string>;

/** Reports a broken rule: throws, naming the rule, the field and what is wrong with it. */
export type Violate = (rule: string, field: string, problem: string) => never;

/** A JSON object (what JSON.parse makes of `{…}`): not an array, not bytes, not null. */
export function isObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

export function nonEmpty(x: unknown): x is string {
  return typeof x === 'string' && x.trim() !== '';
}

/** No body at all: what JSON gives for an absent, empty or `{}` answer. */
export function isEmpty(x: unknown): boolean {
  return x === undefined || x === null || x === '' || (isObject(x) && Object.keys(x).length === 0);
}

export function isHttpsUrl(x: unknown): boolean {
  if (typeof x !== 'string') return false;
  try {
    return new URL(x).protocol === 'https:';
  } catch {
    return false;
  }
}

/** A value as the error message shows it: JSON, cut short. */
export function shown(x: unknown): string {
  const text = x === undefined ? 'undefined' : JSON.stringify(x);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
