// Validates request bodies the bot sends to Graph against the shared, official-metadata-derived
// JSON Schema. The schema lives outside the repo (../shared/schemas, where CI has it) and is never
// copied in: without it the assertions below pass without checking (one notice for the run) and
// the rest of each test runs; with CI set they fail (shared-schemas.ts).
import fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { schemaPath } from './shared-schemas';

const CONVERSATION = 'microsoft.graph.conversation';

interface SchemaFile {
  $schema?: string;
  definitions: Record<string, unknown>;
}

const compiled = new Map<string, ValidateFunction>();

/**
 * The file references navigation types it does not define (attachment, extension, single/multi
 * value extended properties on `post`), which ajv refuses to compile. Those are read-only
 * navigation properties the bot never sends, so each missing definition becomes a plain object
 * in memory; everything the file does define is used exactly as written (no added
 * `additionalProperties` or `required`).
 */
function compile(file: SchemaFile, definition: string): ValidateFunction {
  const definitions: Record<string, unknown> = { ...file.definitions };
  for (const ref of collectRefs(file.definitions)) {
    const name = ref.replace(/^#\/definitions\//, '');
    if (!(name in definitions)) definitions[name] = { type: 'object', description: 'stub: not in the shared schema' };
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv 8 has no formats built in (ajv-formats is not a dependency); Edm.DateTimeOffset is RFC 3339.
  ajv.addFormat(
    'date-time',
    (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s))
  );
  return ajv.compile({ $schema: file.$schema, definitions, $ref: `#/definitions/${definition}` });
}

function collectRefs(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) collectRefs(n, out);
  } else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) out.add(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

/** The compiled definition, or undefined when the schema file is missing (throws instead under CI). */
function validator(definition: string): ValidateFunction | undefined {
  const cached = compiled.get(definition);
  if (cached) return cached;
  const file = schemaPath('graph-conversation.schema.json');
  if (!file) return undefined;
  const validate = compile(JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaFile, definition);
  compiled.set(definition, validate);
  return validate;
}

function assertValid(definition: string, value: unknown): void {
  const validate = validator(definition);
  if (!validate || validate(value)) return;
  const errors = (validate.errors ?? []).map(
    (e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`
  );
  throw new Error(`body is not a valid ${definition}:\n${errors.join('\n')}`);
}

/**
 * The schema's verdict on `body` as a `microsoft.graph.conversation`, for tests that compare it
 * with another verdict (the sandbox's); undefined when the schema is missing (throws under CI).
 */
export function conversationSchemaVerdict(body: unknown): boolean | undefined {
  const validate = validator(CONVERSATION);
  return validate ? validate(body) : undefined;
}

/** Throws, listing every ajv error, when `body` is not a valid `microsoft.graph.conversation`. */
export function assertValidConversationBody(body: unknown): void {
  assertValid(CONVERSATION, body);
}

/** Throws, listing every ajv error, when `post` is not a valid `microsoft.graph.post` (a reply's `post`). */
export function assertValidPost(post: unknown): void {
  assertValid('microsoft.graph.post', post);
}
