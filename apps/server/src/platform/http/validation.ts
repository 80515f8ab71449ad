import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

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
 * dotted path (`attributes.note`, `photoIds.0`), or null when there is none.
 */
export function fieldWithNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = fieldWithNul(v, at);
    if (found !== null) return found;
  }
  return null;
}
