import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { pointPlaces } from '../cases/index.js';
import { buildingPlaces } from '../registry/index.js';
import {
  deleteAddresses,
  platformRows,
  upsertAddresses,
  type NewAddress,
} from './addresses.repo.js';
import { normaliseAddress } from './normalise.js';

const BATCH = 2000;

export interface SyncReport {
  written: number;
  removed: number;
  kept: number;
}

/**
 * Bring the platform-derived addresses in step with their owners (decision 025): compounds
 * from the area tree, buildings from the registry, fixed points from the cases module. Run at
 * start-up, after the demo city is made, and by `npm run cli -- import-addresses`: it reads
 * what the owners hold, compares with the index and writes only what changed (new, renamed,
 * moved) and removes what is gone, so a start with nothing new writes nothing.
 */
export async function syncPlatformAddresses(db: Kysely<DB>): Promise<SyncReport> {
  const compounds = await db
    .selectFrom('areas')
    .select(['code', 'name', 'path', 'centre_lng', 'centre_lat'])
    .where('level', '=', 'compound')
    .execute();
  const compoundRows: NewAddress[] = compounds.map((c) => ({
    kind: 'compound',
    source: 'areas',
    ref: c.code,
    label: c.name,
    search: normaliseAddress(c.name),
    lng: c.centre_lng,
    lat: c.centre_lat,
    area_code: c.code,
    area_path: c.path,
    import_id: null,
  }));
  const byCode = new Map(compounds.map((c) => [c.code, c]));

  const buildingRows: NewAddress[] = [];
  for (let after: string | null = null; ;) {
    const page = await buildingPlaces(db, after, 5000);
    for (const b of page) {
      const compound = byCode.get(b.compoundCode);
      const label = `${compound?.name ?? ''}${b.name}`;
      const lng = b.lng ?? compound?.centre_lng;
      const lat = b.lat ?? compound?.centre_lat;
      if (lng === undefined || lat === undefined) continue;
      buildingRows.push({
        kind: 'building',
        source: 'registry',
        ref: b.id,
        label,
        search: normaliseAddress(label),
        lng,
        lat,
        area_code: b.compoundCode,
        area_path: b.areaPath,
        import_id: null,
      });
    }
    if (page.length < 5000) break;
    after = page.at(-1)!.id;
  }

  const pointRows: NewAddress[] = (await pointPlaces(db)).map((p) => ({
    kind: 'point',
    source: 'cases',
    ref: p.id,
    label: p.name,
    search: normaliseAddress(p.name),
    lng: p.lng,
    lat: p.lat,
    area_code: p.areaCode,
    area_path: p.areaPath,
    import_id: null,
  }));

  const report: SyncReport = { written: 0, removed: 0, kept: 0 };
  for (const [source, wanted] of [
    ['areas', compoundRows],
    ['registry', buildingRows],
    ['cases', pointRows],
  ] as const) {
    const have = new Map((await platformRows(db, source)).map((r) => [r.ref, r]));
    const changed = wanted.filter((w) => {
      const h = have.get(w.ref);
      return (
        !h ||
        h.label !== w.label ||
        h.lng !== w.lng ||
        h.lat !== w.lat ||
        h.area_code !== w.area_code
      );
    });
    const wantedRefs = new Set(wanted.map((w) => w.ref));
    const gone = [...have.values()].filter((h) => !wantedRefs.has(h.ref)).map((h) => h.id);
    report.kept += wanted.length - changed.length;
    for (let i = 0; i < changed.length; i += BATCH)
      report.written += await upsertAddresses(db, changed.slice(i, i + BATCH));
    report.removed += await deleteAddresses(db, gone);
  }
  return report;
}
