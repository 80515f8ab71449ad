import path from 'node:path';
import { REPO_ROOT } from '../platform/config.js';
import type { AppDeps } from '../platform/context.js';
import { importAddressFile, syncPlatformAddresses } from '../modules/addresses/index.js';

export const DEMO_ADDRESS_FILE = path.join(REPO_ROOT, 'data/addresses/nanjing-east-road.csv');

/**
 * 南京东路街道's door numbers (data/addresses/nanjing-east-road.csv, about 10,500) imported once,
 * as the city would import its file, and the compounds, buildings and points the demo just
 * made brought into the index (the module's start ran before they existed); without
 * `doorNumbers`, only the latter. True when the file was imported now.
 */
export async function seedDemoAddresses(
  deps: AppDeps,
  o: { doorNumbers: boolean } = { doorNumbers: true },
): Promise<boolean> {
  if (!o.doorNumbers) {
    await syncPlatformAddresses(deps.db);
    return false;
  }
  const imported = await deps.db
    .selectFrom('address_imports')
    .select('id')
    .where('file_name', '=', path.basename(DEMO_ADDRESS_FILE))
    .where('outcome', '=', 'imported')
    .executeTakeFirst();
  if (!imported) {
    await importAddressFile(
      { ...deps, actor: null, ip: null },
      DEMO_ADDRESS_FILE,
      path.basename(DEMO_ADDRESS_FILE),
    );
  }
  await syncPlatformAddresses(deps.db);
  return !imported;
}
