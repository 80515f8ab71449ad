import { sql } from 'kysely';
import { openDatabase, type Database, type Db } from './database.js';

/**
 * Heavy reads on a streaming replica (DATABASE_READ_URL, issue 27; docs/decisions/029).
 *
 * Every app node asks the replica how far it has replayed, every POLL_MS. A request reads from
 * the replica when it is up and has replayed the reader's own last write; else from the
 * primary. The reader's last write is the primary's WAL position after it, which the server
 * hands the browser in a cookie with the answer to every change (`writePosition`): someone who
 * has just reported a case sees it at once, everyone else reads what the replica has. With the
 * replica down, or not answering, every read goes to the primary and /readyz says so.
 */
const POLL_MS = 200;

/** PostgreSQL's `pg_lsn` text ('16/B374D848') as a number; null for anything else. */
export function parseLsn(text: string | undefined | null): bigint | null {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

export interface ReplicaStatus {
  state: 'streaming' | 'down';
  /** bytes of WAL the replica has still to replay, at the last poll */
  lagBytes: number | null;
}

export class ReadReplica {
  private replayed: bigint | null = null;
  private lagBytes: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  private constructor(
    private readonly replica: Database,
    private readonly primary: Db,
  ) {}

  static async open(url: string, primary: Db): Promise<ReadReplica> {
    // a replica that is down at start is no reason not to serve: reads go to the primary
    const replica = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 20 });
    const r = new ReadReplica(replica, primary);
    await r.poll();
    r.timer = setInterval(() => void r.poll(), POLL_MS);
    r.timer.unref();
    return r;
  }

  get status(): ReplicaStatus {
    return { state: this.replayed === null ? 'down' : 'streaming', lagBytes: this.lagBytes };
  }

  /**
   * The database a read goes to: the replica when it is up and has replayed `written` (the
   * reader's last write, or null for none), else the primary.
   */
  readerFor(written: bigint | null): Db {
    if (this.replayed === null) return this.primary;
    return written === null || this.replayed >= written ? this.replica.db : this.primary;
  }

  /** The primary's WAL position now: past every write committed before this call. */
  async writePosition(): Promise<string> {
    const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(
      this.primary,
    );
    return rows[0]!.lsn;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      // a promoted replica (after a failover) replays nothing: it is as current as it gets
      const [replica, primary] = await Promise.all([
        sql<{ lsn: string }>`
          select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn()
                       else pg_current_wal_lsn() end)::text as lsn`.execute(this.replica.db),
        this.writePosition().catch(() => null),
      ]);
      this.replayed = parseLsn(replica.rows[0]?.lsn);
      const head = parseLsn(primary);
      this.lagBytes =
        head !== null && this.replayed !== null ? Math.max(0, Number(head - this.replayed)) : null;
    } catch {
      this.replayed = null;
      this.lagBytes = null;
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.replica.close();
  }
}
