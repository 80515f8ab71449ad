import fs from 'node:fs';
import type { AddressBookSummary, AddressImportResult, AddressSource } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { countBySource } from './addresses.repo.js';
import { mayManageAddresses } from './addresses.policy.js';
import { importAddressFile, toResult } from './import-file.js';

const refuse = () => {
  throw AppError.forbidden(
    "Only the city's administrators and operators manage the address book / 仅市级管理员和运营人员可管理地址库",
  );
};

/** 地址库: how many addresses each source gives, and the last import's result. */
export async function addressBookSummary(ctx: Ctx): Promise<AddressBookSummary> {
  if (!mayManageAddresses(ctx.actor)) refuse();
  const [counts, last] = await Promise.all([
    countBySource(ctx.db),
    ctx.db
      .selectFrom('address_imports')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const bySource = counts.map((c) => ({
    source: c.source as AddressSource,
    count: Number(c.count),
  }));
  return {
    total: bySource.reduce((n, c) => n + c.count, 0),
    bySource,
    lastImport: last ? toResult(last) : null,
    maxUploadBytes: ctx.config.importMaxBytes,
  };
}

/** An uploaded address file (kept on disk while read), imported whole or refused. */
export async function importUploadedFile(
  ctx: Ctx,
  upload: { filePath: string; fileName: string },
): Promise<AddressImportResult> {
  try {
    if (!mayManageAddresses(ctx.actor)) refuse();
    return await importAddressFile(ctx, upload.filePath, upload.fileName);
  } finally {
    await fs.promises.rm(upload.filePath, { force: true });
  }
}
