import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

const MARK = '\u0000cc-value:';

/**
 * A hot query whose shape never changes, built and compiled by Kysely once; each run only puts
 * its values in. Building and compiling a select with four joins costs Kysely 0.3–0.5 ms every
 * time, more than PostgreSQL's own work for a lookup by key (docs/BENCHMARKS.md, issue 5).
 *
 * `build` gets a stand-in for each value and must pass it to Kysely as a value (a parameter),
 * never into raw SQL text; each stand-in must be used as given (not compared or computed with).
 */
export function compiledOnce<D, V extends object, R>(
  build: (db: Kysely<D>, values: V) => Compilable<R>,
): (db: Kysely<D>, values: V) => Promise<QueryResult<R>> {
  let template: CompiledQuery<R> | null = null;
  return (db, values) => {
    if (!template) {
      const standIns = new Proxy({}, { get: (_t, key) => MARK + String(key) }) as V;
      template = build(db, standIns).compile();
    }
    const given = values as Record<string, unknown>;
    const parameters = template.parameters.map((p) => {
      if (typeof p !== 'string' || !p.startsWith(MARK)) return p;
      const key = p.slice(MARK.length);
      if (!(key in given)) throw new Error(`compiledOnce: no value for ${key}`);
      return given[key];
    });
    return db.executeQuery({ ...template, parameters });
  };
}
