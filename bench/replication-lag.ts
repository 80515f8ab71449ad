import type { OwnPostgres } from '../apps/server/src/platform/own-postgres.js';
import { percentile } from './bench-util.js';

/**
 * The replica's distance behind the primary (`pg_stat_replication`), sampled every `everyMs`
 * until `stop()`; a sample the primary cannot answer (it has just died) is skipped.
 */
export function sampleReplicationLag(primary: OwnPostgres, everyMs: number) {
  const samples: { bytes: number; ms: number; state: string }[] = [];
  let isSampling = true;
  const sampling = (async () => {
    while (isSampling) {
      try {
        const [row] = await primary.query<{ bytes: string; ms: number | null; state: string }>(
          `select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint as bytes,
                  extract(epoch from replay_lag) * 1000 as ms, sync_state as state
             from pg_stat_replication`,
        );
        if (row)
          samples.push({ bytes: Number(row.bytes), ms: Number(row.ms ?? 0), state: row.state });
      } catch {
        // the primary has just stopped
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    /** stop sampling now (the primary is about to stop, or the load has ended) */
    halt() {
      isSampling = false;
    },
    /** the samples' figures: bytes and replay_lag (ms) at p50, p99 and max; the sync states seen */
    async stop() {
      isSampling = false;
      await sampling;
      const bytes = samples.map((s) => s.bytes).sort((a, b) => a - b);
      const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
      const at = (sorted: number[], p: number) => (sorted.length ? percentile(sorted, p) : 0);
      return {
        bytes: { p50: at(bytes, 50), p99: at(bytes, 99), max: bytes.at(-1) ?? 0 },
        ms: { p50: at(ms, 50), p99: at(ms, 99), max: ms.at(-1) ?? 0 },
        states: [...new Set(samples.map((s) => s.state))].join(', '),
      };
    },
  };
}
