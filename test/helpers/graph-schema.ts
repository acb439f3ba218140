// Validates request bodies the bot sends to Graph against the shared, official-metadata-derived
// JSON Schema. The schema lives outside the repo (../shared/schemas, where CI has it) and is never
// copied in, so tests that need it skip locally when it is absent and fail in CI.
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

export const graphSchemaPath = path.resolve(__dirname, '../../../shared/schemas/graph-conversation.schema.json');
export const graphSchemaAvailable: boolean = fs.existsSync(graphSchemaPath);

const CONVERSATION = 'microsoft.graph.conversation';

interface SchemaFile {
  $schema?: string;
  definitions: Record<string, unknown>;
}

let validateConversation: ValidateFunction | undefined;
let validatePost: ValidateFunction | undefined;

/**
 * The file references navigation types it does not define (attachment, extension, single/multi
 * value extended properties on `post`), which ajv refuses to compile. Those are read-only
 * navigation properties the bot never sends, so each missing definition becomes a plain object
 * in memory; everything the file does define is used exactly as written (no added
 * `additionalProperties` or `required`).
 */
function compile(definition = CONVERSATION): ValidateFunction {
  if (!graphSchemaAvailable) throw new Error(`schemas missing at ${graphSchemaPath}`);
  const file = JSON.parse(fs.readFileSync(graphSchemaPath, 'utf8')) as SchemaFile;
  const definitions: Record<string, unknown> = { ...file.definitions };
  for (const ref of collectRefs(file.definitions)) {
    const name = ref.replace(/^#\/definitions\//, '');
    if (!(name in definitions)) definitions[name] = { type: 'object', description: 'stub: not in the shared schema' };
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv 8 has no formats built in (ajv-formats is not a dependency); Edm.DateTimeOffset is RFC 3339.
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile({ $schema: file.$schema, definitions, $ref: `#/definitions/${definition}` });
}

function collectRefs(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) out.add(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

/** Throws, listing every ajv error, when `body` is not a valid `microsoft.graph.conversation`. */
export function assertValidConversationBody(body: unknown): void {
  validateConversation ??= compile();
  if (validateConversation(body)) return;
  const errors = (validateConversation.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  throw new Error(`body is not a valid ${CONVERSATION}:\n${errors.join('\n')}`);
}

/** Throws, listing every ajv error, when `post` is not a valid `microsoft.graph.post` (a reply's `post`). */
export function assertValidPost(post: unknown): void {
  validatePost ??= compile('microsoft.graph.post');
  if (validatePost(post)) return;
  const errors = (validatePost.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  throw new Error(`body is not a valid microsoft.graph.post:\n${errors.join('\n')}`);
}

/**
 * `describe` for tests that need the shared schemas. Missing schemas: a failing test when CI is
 * set (CI must never silently skip), otherwise a visible skip.
 */
export function describeIfSchemas(name: string, fn: () => void): void {
  if (graphSchemaAvailable) {
    describe(name, fn);
  } else if (process.env.CI) {
    describe(name, () => {
      test('shared schemas are present', () => {
        throw new Error(`schemas missing at ${graphSchemaPath}`);
      });
    });
  } else {
    describe.skip(`skipped: ../shared/schemas not found (${graphSchemaPath}): ${name}`, fn);
  }
}
