import { Type, type Static, type TUnsafe } from '@sinclair/typebox';

/** A string enum as JSON Schema `enum` (clear in OpenAPI), typed as the union of its values. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...options,
  });
}

/** Stable error codes. A client may branch on these; messages are for people. */
export const ErrorCode = {
  validation: 'VALIDATION_FAILED',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  tooManyRequests: 'TOO_MANY_REQUESTS',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  unavailable: 'SERVICE_UNAVAILABLE',
  internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error body every endpoint answers with. `field` and `rule` name what was wrong. */
export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  rule: Type.Optional(Type.String()),
  /** for a file: every bad row, by row number (1 = the first data row) */
  rows: Type.Optional(
    Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), reason: Type.String() })),
  ),
});
export type ErrorBody = Static<typeof ErrorBody>;
export type RowProblem = { row: number; field: string; reason: string };

/** A problem in one line of an imported file (an address file, the hotline's work orders). */
export const FileLineProblem = Type.Object({
  /** the file's line, 1 the header of a CSV file */
  line: Type.Integer(),
  /** the column's (or JSON key's) name, or 'file' */
  column: Type.String(),
  rule: Type.String(),
  message: Type.String(),
});
export type FileLineProblem = Static<typeof FileLineProblem>;
