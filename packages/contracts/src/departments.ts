import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';

/**
 * The city's departments (委办局) as systems that send us data (issue 28, decision 028): the
 * 12345 hotline's work orders now, the departments' indicator figures next. Each holds one API
 * key (`Authorization: Bearer <key>`, only its hash stored, shown once) and the grants that say
 * what it may send.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const DEPARTMENT_GRANTS = ['hotline', 'indicators'] as const;
export type DepartmentGrant = (typeof DEPARTMENT_GRANTS)[number];
export const DEPARTMENT_GRANT_LABELS: Readonly<Record<DepartmentGrant, Label>> = {
  hotline: { zh: '推送12345热线工单', en: 'Send 12345 hotline work orders' },
  indicators: { zh: '推送本部门指标数据', en: "Send its indicators' figures" },
};

export const DEPARTMENT_CODE_PATTERN = '^[a-z][a-z0-9-]{1,39}$';

export const Department = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  grants: Type.Array(StringEnum(DEPARTMENT_GRANTS)),
  /** the key's first characters, to tell keys apart; null before a key is issued */
  keyHint: Nullable(Type.String()),
  keyIssuedAt: Nullable(Type.String({ format: 'date-time' })),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Department = Static<typeof Department>;

export const DepartmentList = Type.Object({ items: Type.Array(Department) });
export type DepartmentList = Static<typeof DepartmentList>;

export const DepartmentParams = Type.Object({
  code: Type.String({ pattern: DEPARTMENT_CODE_PATTERN }),
});

export const CreateDepartmentBody = Type.Object(
  {
    code: Type.String({ pattern: DEPARTMENT_CODE_PATTERN }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    grants: Type.Array(StringEnum(DEPARTMENT_GRANTS), { uniqueItems: true, maxItems: 10 }),
  },
  { additionalProperties: false },
);
export type CreateDepartmentBody = Static<typeof CreateDepartmentBody>;

export const UpdateDepartmentBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    grants: Type.Optional(
      Type.Array(StringEnum(DEPARTMENT_GRANTS), { uniqueItems: true, maxItems: 10 }),
    ),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDepartmentBody = Static<typeof UpdateDepartmentBody>;

/** A department with its new API key: the key is shown this once. */
export const DepartmentKeyAnswer = Type.Object({ department: Department, apiKey: Type.String() });
export type DepartmentKeyAnswer = Static<typeof DepartmentKeyAnswer>;
