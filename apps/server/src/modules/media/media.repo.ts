import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { PhotosTable } from './media.tables.js';

export function insertPhoto(db: Kysely<DB>, row: Insertable<PhotosTable>) {
  return db.insertInto('photos').values(row).execute();
}

export function findPhoto(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('photos')
    .select(['id', 'uploaded_by', 'case_id', 'owner_type', 'owner_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The photos among `ids`, locked until the transaction ends (two cases cannot both take one). */
export function lockPhotos(db: Kysely<DB>, ids: string[]) {
  return db
    .selectFrom('photos')
    .select(['id', 'uploaded_by', 'case_id'])
    .where('id', 'in', ids)
    .forUpdate()
    .execute();
}

/** Link the account's unattached photos among `ids` to the case; the number linked. */
export async function setPhotosCase(
  db: Kysely<DB>,
  ids: string[],
  caseId: string,
  uploadedBy: string,
): Promise<number> {
  const result = await db
    .updateTable('photos')
    .set({ case_id: caseId })
    .where('id', 'in', ids)
    .where('uploaded_by', '=', uploadedBy)
    .where('case_id', 'is', null)
    .where('owner_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
