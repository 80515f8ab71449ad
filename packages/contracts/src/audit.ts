import { Type, type Static } from '@sinclair/typebox';
import { AUDIT_GROUPS } from './audit-labels.js';

export * from './audit-labels.js';

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  detail: Type.Unknown(),
  /**
   * What the object is called where the server can say it without leaking: a case's number, a
   * resident's masked name, an account's user name, an area's name; null otherwise.
   */
  objectName: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    /** an action type: the actions of one group of AUDIT_GROUPS */
    group: Type.Optional(Type.Union(AUDIT_GROUPS.map((g) => Type.Literal(g)))),
    objectType: Type.Optional(Type.String({ maxLength: 64 })),
    /** the object's id, or with objectType its number or name (a case number, a user name) */
    objectId: Type.Optional(Type.String({ maxLength: 128 })),
    outcome: Type.Optional(
      Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')]),
    ),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditAreaName = Type.Object({
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
});
export const AuditList = Type.Object({
  items: Type.Array(AuditEntry),
  total: Type.Integer(),
  /** the areas the page's rows name (as object or in a detail field), by area code */
  areas: Type.Record(Type.String(), AuditAreaName),
});
export type AuditList = Static<typeof AuditList>;
