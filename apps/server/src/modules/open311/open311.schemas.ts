/**
 * The GeoReport v2 responses as JSON Schema, written from the published spec
 * (wiki.open311.org/GeoReport_v2, /Service_Discovery). The service builds these shapes; the
 * tests validate every JSON response against them. Objects are closed: a field the spec does
 * not name (a phone, an email) is an error, not a leak.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
export const FORMATS = ['application/json', 'text/xml'] as const;
export const DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const closed = { additionalProperties: false } as const;
/** w3 note date-time, with the time zone the spec requires, to the second */
const W3cDateTime = Type.String({
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$',
});
const Enum = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const Discovery = Type.Object(
  {
    changeset: Type.String(),
    contact: Type.String(),
    key_service: Type.String(),
    endpoints: Type.Array(
      Type.Object(
        {
          specification: Type.String(),
          url: Type.String({ format: 'uri' }),
          changeset: Type.String(),
          type: Enum(['production', 'test'] as const),
          formats: Type.Array(Enum(FORMATS), { minItems: 1 }),
        },
        closed,
      ),
      { minItems: 1 },
    ),
  },
  closed,
);
export type Discovery = Static<typeof Discovery>;

export const Service = Type.Object(
  {
    service_code: Type.String({ minLength: 1 }),
    service_name: Type.String({ minLength: 1 }),
    description: Type.String(),
    metadata: Type.Boolean(),
    type: Enum(['realtime', 'batch', 'blackbox'] as const),
    keywords: Type.String(),
    group: Type.String(),
  },
  closed,
);
export type Service = Static<typeof Service>;
export const ServiceList = Type.Array(Service);

export const ServiceAttribute = Type.Object(
  {
    variable: Type.Boolean(),
    code: Type.String({ minLength: 1 }),
    datatype: Enum(DATATYPES),
    required: Type.Boolean(),
    datatype_description: Nullable(Type.String()),
    order: Type.Integer({ minimum: 1 }),
    description: Type.String(),
    /** only for singlevaluelist and multivaluelist */
    values: Type.Optional(
      Type.Array(Type.Object({ key: Type.String(), name: Type.String() }, closed), {
        minItems: 1,
      }),
    ),
  },
  closed,
);
export type ServiceAttribute = Static<typeof ServiceAttribute>;

export const ServiceDefinition = Type.Object(
  { service_code: Type.String({ minLength: 1 }), attributes: Type.Array(ServiceAttribute) },
  closed,
);
export type ServiceDefinition = Static<typeof ServiceDefinition>;

/** POST requests: the spec says a token "should not be returned if service_request_id is". */
export const CreatedRequest = Type.Object(
  {
    service_request_id: Type.String({ minLength: 1 }),
    service_notice: Nullable(Type.String()),
    account_id: Nullable(Type.String()),
  },
  closed,
);
export type CreatedRequest = Static<typeof CreatedRequest>;
export const CreatedRequestList = Type.Array(CreatedRequest, { minItems: 1, maxItems: 1 });

export const ServiceRequest = Type.Object(
  {
    service_request_id: Type.String({ minLength: 1 }),
    status: Enum(['open', 'closed'] as const),
    status_notes: Nullable(Type.String()),
    service_name: Type.String(),
    service_code: Type.String(),
    description: Nullable(Type.String({ maxLength: 4000 })),
    agency_responsible: Nullable(Type.String()),
    service_notice: Nullable(Type.String()),
    requested_datetime: W3cDateTime,
    updated_datetime: W3cDateTime,
    expected_datetime: Nullable(W3cDateTime),
    address: Nullable(Type.String()),
    address_id: Nullable(Type.String()),
    zipcode: Nullable(Type.String()),
    lat: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
    long: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
    media_url: Nullable(Type.String({ format: 'uri' })),
  },
  closed,
);
export type ServiceRequest = Static<typeof ServiceRequest>;
export const ServiceRequestList = Type.Array(ServiceRequest);

export const TokenAnswer = Type.Object(
  { service_request_id: Type.String({ minLength: 1 }), token: Type.String({ minLength: 1 }) },
  closed,
);
export type TokenAnswer = Static<typeof TokenAnswer>;
export const TokenAnswerList = Type.Array(TokenAnswer, { minItems: 1, maxItems: 1 });

export const Open311Error = Type.Object(
  { code: Type.Integer(), description: Type.String({ minLength: 1 }) },
  closed,
);
export type Open311Error = Static<typeof Open311Error>;
export const Open311ErrorList = Type.Array(Open311Error, { minItems: 1 });
