/**
 * True when a database error is a unique-constraint violation (SQLSTATE 23505), raised the
 * same way by PostgreSQL and PGlite. Lets a use case turn a lost race on a unique index into
 * a 409 instead of a 500.
 */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
