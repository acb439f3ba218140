// Checks every card a test sees, in two ways:
// - Microsoft's `adaptivecards` renderer parses it (card-renderer.ts): always, no files needed.
// - the official Adaptive Card schemas in ../shared/schemas (never copied into the repo) validate
//   it: Teams cards are 1.5, but the people picker's `choices.data` (Data.Query) exists only in
//   1.6, so those objects are checked against 1.6 and the rest of the card against 1.5. Without
//   the schema files only this part is skipped (noticed once per run); with CI set it fails.
// - every Action.Execute sits in an ActionSet with a matching Action.Submit fallback (card-action-rule.ts).
import fs from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { assertExecuteActionsRenderEverywhere } from './card-action-rule';
import { assertRendererParses } from './card-renderer';
import { schemaPath, schemasDir } from './shared-schemas';
import { assertWithinSizeBudget } from './size-budget';

export { schemasDir };
export { CARD_BUDGET_BYTES } from './size-budget';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Two fixes so ajv 8 reads these draft-06 files as intended:
// - `required: true/false` on a property (draft-03 style) is invalid: drop it.
// - the case-insensitive enum patterns are written `^(a)|(b)|(c)$`, which anchors only the first
//   and last alternative ("notgoodatall" matches via "good"), and `[a|A]` also admits "|":
//   anchor the whole alternation and drop the stray "|".
function fixSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(fixSchema);
  if (node && typeof node === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'required' && typeof v === 'boolean') continue;
      if (k === 'pattern' && typeof v === 'string' && /^\^\(.*\)\$$/.test(v)) {
        out[k] = `^(?:${v.slice(1, -1).replace(/\[(\w)\|(\w)\]/g, '[$1$2]')})$`;
        continue;
      }
      out[k] = fixSchema(v);
    }
    return out;
  }
  return node;
}

function loadSchema(file: string): { [key: string]: Json } {
  const schema = fixSchema(JSON.parse(fs.readFileSync(file, 'utf8'))) as { [key: string]: Json };
  // ajv 8 only knows `$id`; both files share the same id, so each gets its own Ajv instance.
  if (typeof schema.id === 'string') {
    schema.$id = schema.id;
    delete schema.id;
  }
  return schema;
}

function newAjv(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    // Without ajv-formats, unknown formats would warn on every compile; check them cheaply instead.
    formats: {
      uri: (s: string) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(s),
      'uri-reference': (s: string) => !/\s/.test(s)
    }
  });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  return ajv;
}

interface Validators {
  card15: ValidateFunction;
  dataQuery16: ValidateFunction;
  /** One 1.5 definition (an element or action type), for pinpointing where a card fails. */
  definition15: (name: string) => ValidateFunction | undefined;
}
let validators: Validators | undefined;

/** The compiled schemas, or undefined when the files are missing (throws instead under CI). */
function getValidators(): Validators | undefined {
  const schema15Path = schemaPath('adaptive-card-1.5.schema.json');
  const schema16Path = schemaPath('adaptive-card-1.6.schema.json');
  if (!schema15Path || !schema16Path) return undefined;
  if (!validators) {
    const s15 = loadSchema(schema15Path);
    const s16 = loadSchema(schema16Path);
    const defs15 = s15.definitions as { [key: string]: Json };
    if (!(s16.definitions as { [key: string]: Json })['Data.Query']) {
      throw new Error('The 1.6 schema has no Data.Query definition');
    }
    const ajv15 = newAjv();
    const ajv16 = newAjv();
    ajv15.addSchema(s15);
    ajv16.addSchema(s16);
    const byName = new Map<string, ValidateFunction>();
    validators = {
      card15: ajv15.getSchema(String(s15.$id)) as ValidateFunction,
      dataQuery16: ajv16.compile({ $ref: `${String(s16.$id)}#/definitions/Data.Query` }),
      definition15: (name) => {
        if (!Object.hasOwn(defs15, name)) return undefined;
        if (!byName.has(name)) byName.set(name, ajv15.compile({ $ref: `${String(s15.$id)}#/definitions/${name}` }));
        return byName.get(name);
      }
    };
  }
  return validators;
}

/** Pulls every Input.ChoiceSet's `choices.data` out of `node` (mutating it), with its path. */
function extractDataQueries(node: Json, at: string, found: { at: string; value: Json }[]): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) extractDataQueries(item, `${at}/${i}`, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  // Only where 1.6 allows it: anywhere else it stays in place and fails the 1.5 check.
  if (node.type === 'Input.ChoiceSet' && 'choices.data' in node) {
    found.push({ at: `${at}/choices.data`, value: node['choices.data'] });
    delete node['choices.data'];
  }
  for (const [k, v] of Object.entries(node)) extractDataQueries(v, `${at}/${k}`, found);
}

function formatErrors(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  const lines = (errors ?? []).map((e) => {
    const params = e.keyword === 'pattern' ? '' : ` ${JSON.stringify(e.params)}`;
    return `  ${prefix}${e.instancePath} ${e.message?.replace(/ ".*"$/, '') ?? ''}${params}`;
  });
  return [...new Set(lines)];
}

// The whole-card errors are a wall of anyOf branches ("type must be ActionSet", "… ColumnSet", …).
// Re-check each typed object against its own definition and report only the innermost failures.
function pinpoint(card: Json, v: Validators): string[] {
  const lines: string[] = [];
  const visit = (node: Json, at: string): boolean => {
    if (Array.isArray(node)) return node.map((n, i) => visit(n, `${at}/${i}`)).some(Boolean);
    if (!node || typeof node !== 'object') return false;
    // Action `data` is free-form: a `type` key in it is not an element type.
    const children = Object.entries(node).filter(([k]) => k !== 'data');
    const childFailed = children.map(([k, c]) => visit(c, `${at}/${k}`)).some(Boolean);
    if (typeof node.type !== 'string' || at.endsWith('/choices.data')) return childFailed;
    const validate = v.definition15(node.type);
    if (!validate) {
      lines.push(`  ${at || '/'} unknown type "${node.type}"`);
      return true;
    }
    if (validate(node)) return childFailed;
    if (!childFailed) lines.push(...formatErrors(validate.errors, at));
    return true;
  };
  visit(card, '');
  return lines;
}

/**
 * Throws with readable errors unless `card` is within the size budget (80 KB as UTF-16, as Teams
 * counts: size-budget.ts), valid against the official schemas
 * (1.5 + 1.6 Data.Query; skipped when they are missing outside CI) and parsed cleanly by
 * Microsoft's renderer, with every Action.Execute usable by old clients (card-action-rule.ts). The
 * schema goes first: its messages say where a card is wrong.
 */
export function assertValidCard(card: unknown): void {
  const text = JSON.stringify(card);
  if (text === undefined) throw new Error('Card is not JSON-serialisable');
  assertWithinSizeBudget(card, 'The card');
  assertSchemaValid(text);
  assertRendererParses(card);
  assertExecuteActionsRenderEverywhere(card);
}

function assertSchemaValid(text: string): void {
  const v = getValidators();
  if (!v) return;

  const clone = JSON.parse(text) as Json;
  const queries: { at: string; value: Json }[] = [];
  extractDataQueries(clone, '', queries);

  const problems: string[] = [];
  for (const q of queries) {
    if (!v.dataQuery16(q.value)) problems.push(...formatErrors(v.dataQuery16.errors, q.at));
  }
  if (!v.card15(clone)) {
    const precise = pinpoint(clone, v);
    problems.push(...(precise.length > 0 ? precise : formatErrors(v.card15.errors, '')));
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 25);
    if (problems.length > 25) shown.push(`  … ${problems.length - 25} more`);
    throw new Error(`Adaptive Card fails schema validation:\n${shown.join('\n')}`);
  }
}

// Card readers live in card-readers.ts; re-exported for the card unit tests that import it from here.
export { findInCard } from './card-readers';
