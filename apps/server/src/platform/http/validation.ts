import { EventEmitter } from 'node:events';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COMMON: Options = {
  // unknown fields are an error, never silently dropped
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  strict: false,
};

function build(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options });
  addFormats.default(ajv);
  // ajv-formats' uuid also takes `urn:uuid:…`, which PostgreSQL's uuid type refuses: only the
  // plain form, so a prefixed id is a 400 at the edge, not a database error later
  ajv.addFormat('uuid', UUID);
  return ajv;
}

// Query strings, paths and headers arrive as text and are coerced ("31.2" → 31.2);
// JSON bodies are typed already and are taken as they are (42 is not a user name).
const textAjv = build({ coerceTypes: 'array' });
const bodyAjv = build({ coerceTypes: false });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema) as ReturnType<
    FastifySchemaCompiler<object>
  >;

/**
 * The first field whose text holds a NUL character, which PostgreSQL cannot store, as a
 * dotted path (`attributes.note`, `photoIds.0`), or null when there is none. Iterative, so no
 * input is deep enough to overflow the stack.
 */
export function fieldWithNul(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, path] = item;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    // a body a route streams itself (the hotline's work orders) is a stream: its own fields
    // are not input, and they refer back to themselves
    if (v instanceof EventEmitter) continue;
    const entries = Object.entries(v);
    // pushed last to first, so the fields are looked at in their order
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return at;
      stack.push([child, at]);
    }
  }
  return null;
}

/** The deepest nesting of arrays and objects a JSON body may have; our contracts use 4. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, read before it is parsed (one
 * pass over the text, no recursion), so a hostile body costs neither the parser's nor any later
 * walker's stack.
 */
export function isNestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (c === 0x5c)
        i++; // a backslash: skip the escaped character
      else if (c === 0x22) isInString = false;
    } else if (c === 0x22) {
      isInString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
