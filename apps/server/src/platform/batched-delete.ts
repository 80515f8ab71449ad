/**
 * Delete rows a batch at a time (short statements, no long lock on a big table) until a batch
 * comes back short. `deleteBatch(limit)` deletes at most `limit` rows and says how many went.
 * @returns how many rows went in all
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  batch = 1000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteBatch(batch);
    total += n;
    if (n < batch) return total;
  }
}
