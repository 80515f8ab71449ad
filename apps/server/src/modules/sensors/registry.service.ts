import {
  ErrorCode,
  type CreateSensorDeviceBody,
  type PutSensorRuleBody,
  type SensorDevice,
  type SensorDeviceKeyAnswer,
  type SensorDeviceList,
  type SensorRule,
  type SensorRuleList,
  type UpdateSensorDeviceBody,
} from '@cc/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { newApiKey } from '../../platform/crypto.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached, resolveAreaCode } from '../areas/index.js';
import { denyAndAudit, recordAudit, type AuditEvent } from '../audit/index.js';
import { findScenario, validateAttributes } from '../cases/index.js';
import { departmentExists } from '../departments/index.js';
import { forgetDevice } from './devices.cache.js';
import { mayManageSensors, sensorReadScopes } from './sensors.policy.js';
import type { SensorDevicesTable, SensorRulesTable } from './sensors.tables.js';

/**
 * 物联感知 (decision 028): the kinds' rules and the device registry, kept by the city's
 * administrators; operators see the devices of their own areas.
 */

const KEY_PREFIX = 'ccs_';

export function ruleView(r: Selectable<SensorRulesTable>): SensorRule {
  return {
    kind: r.kind,
    name: r.name,
    nameEn: r.name_en,
    unit: r.unit,
    threshold: r.threshold,
    windowMinutes: r.window_minutes,
    scenarioCode: r.scenario_code,
    attributes: r.attributes,
    valueAttribute: r.value_attribute,
    updatedAt: r.updated_at.toISOString(),
  };
}

function deviceView(r: Selectable<SensorDevicesTable>): SensorDevice {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    lat: r.lat,
    lng: r.lng,
    areaCode: r.area_code,
    ownerDepartment: r.owner_department,
    keyHint: r.key_hint,
    disabled: r.disabled,
    lastValue: r.last_value,
    lastEventAt: r.last_event_at?.toISOString() ?? null,
    lastAlertAt: r.last_alert_at?.toISOString() ?? null,
    openCaseId: r.open_case_id,
    createdAt: r.created_at.toISOString(),
  };
}

async function requireManager(ctx: Ctx, event: AuditEvent): Promise<void> {
  if (!mayManageSensors(ctx.actor)) {
    await denyAndAudit(
      ctx,
      event,
      'Only administrators of the city keep the sensor registry / 仅市级系统管理员可维护物联感知设备',
    );
  }
}

async function requireReader(ctx: Ctx): Promise<string[]> {
  const scopes = sensorReadScopes(ctx.actor);
  if (scopes.length === 0) {
    await denyAndAudit(
      ctx,
      { action: 'sensor.devices.list', objectType: 'sensor_device', objectId: null },
      'Your roles do not see sensors / 您的角色不能查看物联感知设备',
    );
  }
  return scopes;
}

export async function listSensorRules(ctx: Ctx): Promise<SensorRuleList> {
  await requireReader(ctx);
  const rows = await ctx.db.selectFrom('sensor_rules').selectAll().orderBy('kind').execute();
  return { items: rows.map(ruleView) };
}

/** A kind's rule as it should be; its scenario's required fields must be answered. */
export async function putSensorRule(
  ctx: Ctx,
  kind: string,
  body: PutSensorRuleBody,
): Promise<SensorRule> {
  await requireManager(ctx, {
    action: 'sensor.rule.update',
    objectType: 'sensor_rule',
    objectId: kind,
  });
  const scenario = findScenario(body.scenarioCode);
  if (!scenario) {
    throw AppError.invalid(
      'scenarioCode',
      'exists',
      `scenarioCode: no scenario "${body.scenarioCode}" / 没有这个场景`,
    );
  }
  const valueAttribute = body.valueAttribute ?? null;
  if (valueAttribute !== null) {
    const field = scenario.fields.find((f) => f.code === valueAttribute);
    if (!field || field.type !== 'number') {
      throw AppError.invalid(
        'valueAttribute',
        'number-field',
        `valueAttribute: ${scenario.code} has no number field "${valueAttribute}" / 场景没有该数值字段`,
      );
    }
  }
  const attributes = body.attributes ?? {};
  // the reading answers valueAttribute; the rest must stand on their own
  validateAttributes(
    scenario,
    valueAttribute ? { ...attributes, [valueAttribute]: body.threshold } : attributes,
    'attributes',
  );
  const values = {
    name: body.name.trim(),
    name_en: body.nameEn.trim(),
    unit: body.unit.trim(),
    threshold: body.threshold,
    window_minutes: body.windowMinutes,
    scenario_code: scenario.code,
    attributes: JSON.stringify(attributes),
    value_attribute: valueAttribute,
    updated_by: ctx.actor!.id,
    updated_at: new Date(),
  };
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('sensor_rules')
      .values({ kind, ...values })
      .onConflict((oc) => oc.column('kind').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'sensor.rule.update',
        objectType: 'sensor_rule',
        objectId: kind,
        detail: { ...body },
      },
      trx,
    );
    return r;
  });
  forgetDevice(ctx.db, null);
  return ruleView(row);
}

/** The devices of the reader's areas, newest first (at most 500). */
export async function listSensorDevices(ctx: Ctx): Promise<SensorDeviceList> {
  const scopes = await requireReader(ctx);
  const rows = await ctx.db
    .selectFrom('sensor_devices')
    .selectAll()
    .where(pathWithin('area_path', scopes))
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
  return { items: rows.map(deviceView) };
}

/** Register a device at its place; its key is in the answer, this once. */
export async function createSensorDevice(
  ctx: Ctx,
  body: CreateSensorDeviceBody,
): Promise<SensorDeviceKeyAnswer> {
  await requireManager(ctx, {
    action: 'sensor.device.create',
    objectType: 'sensor_device',
    objectId: body.id,
  });
  const rule = await ctx.db
    .selectFrom('sensor_rules')
    .select('kind')
    .where('kind', '=', body.kind)
    .executeTakeFirst();
  if (!rule)
    throw AppError.invalid('kind', 'exists', `kind: no sensor kind "${body.kind}" / 没有该类设备`);
  if (!(await departmentExists(ctx.db, body.ownerDepartment))) {
    throw AppError.invalid(
      'ownerDepartment',
      'exists',
      `ownerDepartment: no department "${body.ownerDepartment}" / 没有该委办局`,
    );
  }
  const code = resolveAreaCode(ctx.db, body.lng, body.lat);
  const area = code ? await findAreaCached(ctx.db, code) : null;
  if (!area) {
    throw AppError.invalid(
      'lat',
      'inside-city',
      `lat/lng: (${body.lat}, ${body.lng}) lies outside the city / 坐标不在本市范围内`,
    );
  }
  const { key, hash, hint } = newApiKey(KEY_PREFIX);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('sensor_devices')
      .values({
        id: body.id,
        kind: body.kind,
        name: body.name.trim(),
        lng: body.lng,
        lat: body.lat,
        area_code: area.code,
        area_path: area.path,
        owner_department: body.ownerDepartment,
        key_hash: hash,
        key_hint: hint,
        last_value: null,
        last_event_at: null,
        last_alert_at: null,
        open_case_id: null,
        created_by: ctx.actor!.id,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!r) {
      throw new AppError(ErrorCode.conflict, `Device ${body.id} is registered / 该设备已登记`, {
        field: 'id',
        rule: 'unique',
      });
    }
    await recordAudit(
      ctx,
      {
        action: 'sensor.device.create',
        objectType: 'sensor_device',
        objectId: body.id,
        areaPath: area.path,
        detail: { kind: body.kind, ownerDepartment: body.ownerDepartment },
      },
      trx,
    );
    return r;
  });
  // a reading sent before it was registered may have left 'no such device' in the cache
  forgetDevice(ctx.db, body.id);
  return { device: deviceView(row), key };
}

const noDevice = (id: string) =>
  new AppError(ErrorCode.notFound, `No sensor ${id} / 没有该设备`, { field: 'id', rule: 'exists' });

export async function updateSensorDevice(
  ctx: Ctx,
  id: string,
  body: UpdateSensorDeviceBody,
): Promise<SensorDevice> {
  await requireManager(ctx, {
    action: 'sensor.device.update',
    objectType: 'sensor_device',
    objectId: id,
  });
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sensor_devices')
      .set({
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!r) throw noDevice(id);
    await recordAudit(
      ctx,
      {
        action: 'sensor.device.update',
        objectType: 'sensor_device',
        objectId: id,
        areaPath: r.area_path,
        detail: { ...body },
      },
      trx,
    );
    return r;
  });
  forgetDevice(ctx.db, id);
  return deviceView(row);
}

/** A new key for a device; the old one stops at once (shown this once). */
export async function rotateSensorKey(ctx: Ctx, id: string): Promise<SensorDeviceKeyAnswer> {
  await requireManager(ctx, {
    action: 'sensor.device.rotate_key',
    objectType: 'sensor_device',
    objectId: id,
  });
  const { key, hash, hint } = newApiKey(KEY_PREFIX);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sensor_devices')
      .set({ key_hash: hash, key_hint: hint })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!r) throw noDevice(id);
    await recordAudit(
      ctx,
      {
        action: 'sensor.device.rotate_key',
        objectType: 'sensor_device',
        objectId: id,
        areaPath: r.area_path,
      },
      trx,
    );
    return r;
  });
  forgetDevice(ctx.db, id);
  return { device: deviceView(row), key };
}
