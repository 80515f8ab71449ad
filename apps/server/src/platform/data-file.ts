import fs from 'node:fs';
import { TypeRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Data files shipped under data/ (vote rules, cost-sharing presets): read and checked once, and
 * a file that does not check stops the server at start with its problems, one per line.
 */

// The contracts' StringEnum is a Type.Unsafe (plain JSON Schema for Fastify's Ajv); Value.Check
// knows no such kind and would throw "Unknown type" — teach it the one form StringEnum makes.
if (!TypeRegistry.Has('Unsafe'))
  TypeRegistry.Set<{ enum?: unknown[] }>('Unsafe', (schema, value) =>
    Array.isArray(schema.enum) ? schema.enum.includes(value) : false,
  );

/**
 * The problems of `data` (empty when sound): where it breaks `schema` (the first ten), else
 * what the file's own `check` finds (unique codes, numbers that parse, …).
 */
export function dataProblems<T extends TSchema>(
  schema: T,
  data: unknown,
  check: (data: Static<T>) => string[] = () => [],
): string[] {
  if (!Value.Check(schema, data))
    return [...Value.Errors(schema, data)]
      .slice(0, 10)
      .map((e) => `${e.path || '/'}: ${e.message}`);
  return check(data);
}

const loaded = new Map<string, unknown>();

/** The file at `file` parsed and checked, read once; throws naming every problem. */
export function loadDataFile<T extends TSchema>(
  file: string,
  schema: T,
  check?: (data: Static<T>) => string[],
): Static<T> {
  if (loaded.has(file)) return loaded.get(file) as Static<T>;
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const problems = dataProblems(schema, data, check);
  if (problems.length > 0)
    throw new Error(`${file} is not a sound data file:\n  ${problems.join('\n  ')}`);
  loaded.set(file, data);
  return data as Static<T>;
}
