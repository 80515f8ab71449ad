import { ADMINISTRATOR_ROLES, type Role } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, holdsAtCity } from '../../platform/policy.js';

/** Kinds' rules and the device registry are the city's: its administrators keep them. */
export const mayManageSensors = (actor: Actor | null): boolean =>
  holdsAtCity(actor, ADMINISTRATOR_ROLES);

const READER_ROLES: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
];

/** The areas whose devices an actor may see: administrators' and operators' own areas. */
export const sensorReadScopes = (actor: Actor | null): string[] =>
  bindingsWith(actor, READER_ROLES).map((b) => b.areaPath);
