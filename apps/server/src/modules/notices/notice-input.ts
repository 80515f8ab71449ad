/**
 * The checks of a notice's input before anything is written: its targets (inside the author's
 * scope, published under one binding), its times and its title. Each refusal is a 400 naming
 * the field.
 */
import { NOTICE_PUBLISH_GRACE_MS, type NoticeTargets } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isWithin } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import { buildingRefs } from '../registry/index.js';
import { authorScope, publishingBinding } from './notices.policy.js';

export interface ResolvedTargets {
  codes: string[];
  paths: string[];
  buildingIds: string[];
  areaCode: string;
  areaPath: string;
  publisher: string;
}

const targetsError = (message: string) => AppError.invalid('targets', 'scope', message);

/**
 * The areas and buildings a notice is aimed at, each inside the author's scope, and the author
 * binding it is published under. At least one target: an empty target does not mean "all".
 */
export async function resolveTargets(ctx: Ctx, t: NoticeTargets): Promise<ResolvedTargets> {
  const codes = [...new Set(t.areaCodes)];
  const buildingIds = [...new Set(t.buildingIds.map((id) => id.toLowerCase()))];
  if (codes.length === 0 && buildingIds.length === 0) {
    throw AppError.invalid(
      'targets',
      'minItems',
      'targets: choose at least one area or building / 请至少选择一个发布范围',
    );
  }
  const scope = authorScope(ctx.actor);
  const paths: string[] = [];
  for (const code of codes) {
    const area = await findAreaCached(ctx.db, code);
    if (!area || !scope.some((s) => isWithin(area.path, s))) {
      throw targetsError(
        `targets: area ${code.slice(0, 40)} is not inside your area / 发布范围 ${code.slice(0, 40)} 不在您的辖区内`,
      );
    }
    paths.push(area.path);
  }
  const buildings = await buildingRefs(ctx.db, buildingIds);
  for (const id of buildingIds) {
    const b = buildings.get(id);
    if (!b || !scope.some((s) => isWithin(b.areaPath, s))) {
      throw targetsError(`targets: building ${id} is not inside your area / 楼栋不在您的辖区内`);
    }
  }
  const binding = publishingBinding(ctx.actor, [
    ...paths,
    ...buildingIds.map((id) => buildings.get(id)!.areaPath),
  ]);
  if (!binding) {
    throw targetsError(
      'targets: all targets must lie inside one of your areas / 发布范围须在同一辖区内',
    );
  }
  return {
    codes,
    // a path below another target path adds no one
    paths: paths.filter((p) => !paths.some((q) => q !== p && isWithin(p, q))),
    buildingIds,
    areaCode: binding.areaCode,
    areaPath: binding.areaPath,
    publisher: binding.areaName,
  };
}

export function parseTime(field: string, value: string | null | undefined): Date | null {
  if (value === undefined || value === null) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw AppError.invalid(field, 'format', `${field}: not a date and time / 时间格式不正确`);
  }
  return d;
}

/** Check the times: publishAt not in the past (beyond a grace), expiresAt after publishing. */
export function checkTimes(publishAt: Date | null, expiresAt: Date | null, now: Date): void {
  if (publishAt && publishAt.getTime() < now.getTime() - NOTICE_PUBLISH_GRACE_MS) {
    throw AppError.invalid(
      'publishAt',
      'future',
      'publishAt: a scheduled time must not be in the past / 定时发布时间不能早于当前时间',
    );
  }
  if (expiresAt && expiresAt.getTime() <= (publishAt ?? now).getTime()) {
    throw AppError.invalid(
      'expiresAt',
      'afterPublish',
      'expiresAt: must be after the publishing time / 过期时间须晚于发布时间',
    );
  }
}

export function checkTitle(title: string): string {
  if (title.trim().length === 0) {
    throw AppError.invalid('title', 'required', 'title: must not be blank / 标题不能为空');
  }
  return title.trim();
}

/** Is `publishAt` later than now (beyond a second)? Then the notice is scheduled. */
export const isLater = (publishAt: Date | null, now: Date) =>
  !!publishAt && publishAt.getTime() > now.getTime() + 1000;
