// The official schemas the tests check cards and Graph bodies against live in ../shared/schemas
// (CI has them there); they are never copied into the repo. A clone without them still runs every
// test: each schema assertion asks `schemaPath` first and skips only itself when the file is
// missing (one notice for the run), or fails when CI is set.
import fs from 'node:fs';
import path from 'node:path';
import { missing } from './run-notices';

export const schemasDir = path.resolve(__dirname, '../../../shared/schemas');

/** Every file of ../shared/schemas the tests read, so the notice can name all that are missing. */
export const SCHEMA_FILES = [
  'adaptive-card-1.5.schema.json',
  'adaptive-card-1.6.schema.json',
  'graph-conversation.schema.json'
] as const;
export type SchemaFile = (typeof SCHEMA_FILES)[number];

export function schemaExists(file: SchemaFile): boolean {
  return fs.existsSync(path.join(schemasDir, file));
}

/**
 * The path of an official schema, or undefined when it is missing and the caller should skip its
 * schema assertion (noticed once). Throws when it is missing and CI is set.
 */
export function schemaPath(file: SchemaFile): string | undefined {
  if (schemaExists(file)) return path.join(schemasDir, file);
  const absent = SCHEMA_FILES.filter((f) => !schemaExists(f));
  missing(
    'shared-schemas',
    `official schema ${file} missing at ${schemasDir}`,
    [
      `notice: official schemas not found in ${schemasDir} (${absent.join(', ')}):`,
      'their schema assertions were skipped, every other check ran (with CI set, a missing schema fails)'
    ].join(' ')
  );
  return undefined;
}

/**
 * `it` for a test whose subject is the schema itself (it feeds the validator wrong bodies, so its
 * assertions mean nothing without the file). The test always runs: when the schema is missing its
 * body is skipped and noticed once for the run, and under CI it fails. Every other test uses plain
 * `it`: its schema assertions skip only themselves.
 */
export function itWithSchema(
  files: SchemaFile | readonly SchemaFile[],
  name: string,
  fn: () => void | Promise<void>
): void {
  const needed: readonly SchemaFile[] = typeof files === 'string' ? [files] : files;
  it(name, async () => {
    // schemaPath notices a missing file (or throws under CI); check every file before returning.
    const found = needed.map((file) => schemaPath(file) !== undefined);
    if (found.every(Boolean)) await fn();
  });
}
