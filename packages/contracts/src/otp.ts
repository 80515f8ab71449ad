import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './errors.js';

/**
 * One-time SMS codes (decision 013) and the resident accounts that stand on them: sign-up,
 * sign-in and password reset by a code, and a new phone number proven by one.
 */
/** `declare`: an arriving person (no account) proves the number on a declaration (社区通) */
export const CODE_PURPOSES = ['sign-up', 'sign-in', 'reset', 'phone', 'declare'] as const;
export const CodePurpose = StringEnum(CODE_PURPOSES);
export type CodePurpose = Static<typeof CodePurpose>;

/** A code lives this long, and allows this many tries. */
export const CODE_TTL_SECONDS = 300;
export const CODE_MAX_TRIES = 5;

/** The phone as typed: the server checks it is a mainland mobile number (400 naming `phone`). */
const Phone = Type.String({ minLength: 1, maxLength: 32, description: 'mainland mobile number' });
const Code = Type.String({ minLength: 1, maxLength: 16, description: 'the 6-digit SMS code' });

export const CodeRequestBody = Type.Object(
  { phone: Phone, purpose: CodePurpose },
  { additionalProperties: false },
);
export type CodeRequestBody = Static<typeof CodeRequestBody>;

/** The one answer to a code request, whether the number is known or not. */
export const CodeRequestAnswer = Type.Object({
  sent: Type.Literal(true),
  expiresInSeconds: Type.Integer(),
});
export type CodeRequestAnswer = Static<typeof CodeRequestAnswer>;

export const SignUpBody = Type.Object(
  {
    phone: Phone,
    code: Code,
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    consent: Type.Optional(
      Type.Boolean({
        description:
          'true: the person read and accepts the personal information notice (个人信息保护说明); required (400 naming consent otherwise)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const CodeLoginBody = Type.Object(
  { phone: Phone, code: Code },
  { additionalProperties: false },
);
export type CodeLoginBody = Static<typeof CodeLoginBody>;

export const PasswordResetBody = Type.Object(
  { phone: Phone, code: Code, newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type PasswordResetBody = Static<typeof PasswordResetBody>;

/**
 * A first password for a signed-in account that has none (it signed up by code), proved by a
 * 'reset' code sent to the account's own phone (POST /api/me/password/code).
 */
export const PasswordSetBody = Type.Object(
  { code: Code, newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type PasswordSetBody = Static<typeof PasswordSetBody>;

export const PhoneChangeBody = Type.Object(
  { phone: Phone, code: Code },
  { additionalProperties: false },
);
export type PhoneChangeBody = Static<typeof PhoneChangeBody>;

/** The signed-in account's own profile: name and masked phone (the 我的 page). */
export const MyProfile = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'masked: 138****5678' }),
  hasPassword: Type.Boolean({ description: 'false: the account signs in by SMS code only' }),
});
export type MyProfile = Static<typeof MyProfile>;
