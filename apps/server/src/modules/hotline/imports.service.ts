import fs from 'node:fs';
import { ErrorCode, type HotlineImport, type HotlineImportList } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit } from '../audit/index.js';
import { mayManageHotline, mayReadHotlineImports } from './hotline.policy.js';
import { importHotlineOrders, toImport } from './import-orders.js';

const OBJECT_TYPE = 'hotline_import';

async function requireReader(ctx: Ctx, objectId: string | null): Promise<void> {
  if (!mayReadHotlineImports(ctx.actor)) {
    await denyAndAudit(
      ctx,
      { action: 'hotline.imports.list', objectType: OBJECT_TYPE, objectId },
      'Your roles do not read the hotline intake / 您的角色不能查看热线对接',
    );
  }
}

export async function listHotlineImports(ctx: Ctx): Promise<HotlineImportList> {
  await requireReader(ctx, null);
  const rows = await ctx.db
    .selectFrom('hotline_imports')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return { items: rows.map(toImport) };
}

export async function getHotlineImport(ctx: Ctx, id: string): Promise<HotlineImport> {
  await requireReader(ctx, id);
  const row = await ctx.db
    .selectFrom('hotline_imports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError(ErrorCode.notFound, 'No such import / 没有该导入记录', {
      field: 'id',
      rule: 'exists',
    });
  }
  return toImport(row);
}

/** A file uploaded in the console by an administrator: the same import as the hotline's posts. */
export async function uploadHotlineFile(
  ctx: Ctx,
  upload: { filePath: string; fileName: string },
): Promise<HotlineImport> {
  try {
    if (!mayManageHotline(ctx.actor)) {
      await denyAndAudit(
        ctx,
        { action: 'hotline.import', objectType: OBJECT_TYPE, objectId: null },
        'Only administrators of the city upload hotline files / 仅市级系统管理员可上传热线工单',
      );
    }
    const ext = /\.(csv|jsonl|ndjson)$/i.exec(upload.fileName)?.[1]?.toLowerCase();
    if (!ext) {
      throw AppError.invalid(
        'file',
        'extension',
        'file: a .csv or .jsonl file / 请上传 .csv 或 .jsonl 文件',
      );
    }
    return await importHotlineOrders(ctx, {
      via: 'upload',
      department: null,
      fileName: upload.fileName,
      format: ext === 'csv' ? 'csv' : 'jsonl',
      filePath: upload.filePath,
    });
  } finally {
    await fs.promises.rm(upload.filePath, { force: true });
  }
}
