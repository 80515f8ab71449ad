import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { AppDeps } from '../../platform/context.js';
import { StartupError } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { auditKeys, type AuditKeys } from './audit-keys.js';
import { appendAudits, AUDIT_LOCK, chainHead, KEYED_VERSION } from './audit.repo.js';

/**
 * A checkpoint of the audit chain kept where the database cannot rewrite it: the head (seq and
 * hash) at a moment, signed with the audit key. `keyedFrom` is the first seq that must be a
 * keyed row, so that a chain re-written as plain SHA-256 rows is caught even before a later
 * anchor names one of its hashes.
 */
export interface Anchor {
  seq: number;
  hash: string;
  /** when the anchor was taken (ISO) */
  at: string;
  keyId: string;
  keyedFrom: number;
  /** HMAC-SHA256 under the anchor key of the fields above, hex */
  sig: string;
}

export const anchorFile = (config: Pick<Config, 'auditAnchorFile' | 'dataDir'>) =>
  config.auditAnchorFile ?? path.join(config.dataDir, 'audit-anchors.jsonl');

const signedText = (a: Omit<Anchor, 'sig'>) =>
  JSON.stringify([a.seq, a.hash, a.at, a.keyId, a.keyedFrom]);

export function signAnchor(a: Omit<Anchor, 'sig'>, keys: AuditKeys): Anchor {
  return { ...a, sig: keys.anchorMac(signedText(a)) };
}

export function isSignedBy(a: Anchor, keys: AuditKeys): boolean {
  return a.keyId === keys.keyId && a.sig === keys.anchorMac(signedText(a));
}

/** Per database: the last seq this process anchored, and the timer that anchors. */
const state = new WeakMap<object, { lastSeq: number | null; timer: NodeJS.Timeout | null }>();
function stateOf(db: object) {
  let s = state.get(db);
  if (!s) {
    s = { lastSeq: null, timer: null };
    state.set(db, s);
  }
  return s;
}

/**
 * The first seq that must be keyed: the one after the newest plain row (the plain rows are
 * only those from before migration 0011, and its partial index holds just them).
 */
async function keyedFromSeq(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('hash_version', '=', 1)
    .executeTakeFirst();
  return Number(row?.seq ?? 0) + 1;
}

/**
 * Append the chain's head to the anchor file (fsynced) and POST it to AUDIT_ANCHOR_URL when
 * set. Unless `always`, nothing is written when the head has not moved since this process's
 * last anchor. Gives back the anchor written, or null.
 */
export async function anchorAuditHead(
  deps: Pick<AppDeps, 'db' | 'config'>,
  opts: { always?: boolean } = {},
): Promise<Anchor | null> {
  const keys = auditKeys(deps.config);
  const s = stateOf(deps.db);
  const head = await chainHead(deps.db);
  if (!opts.always && s.lastSeq === head.seq) return null;
  const anchor = signAnchor(
    {
      seq: head.seq,
      hash: head.hash,
      at: new Date().toISOString(),
      keyId: keys.keyId,
      keyedFrom: await keyedFromSeq(deps.db),
    },
    keys,
  );
  const line = `${JSON.stringify(anchor)}\n`;
  const file = anchorFile(deps.config);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await fs.promises.open(file, 'a', 0o600);
  try {
    await handle.appendFile(line);
    await handle.sync();
  } finally {
    await handle.close();
  }
  s.lastSeq = head.seq;
  if (deps.config.auditAnchorUrl) await postAnchor(deps.config.auditAnchorUrl, line);
  return anchor;
}

/** The external log is a second copy: its failure is reported, never fatal. */
async function postAnchor(url: string, line: string): Promise<void> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: line,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) console.error(`audit anchor: ${url} answered ${res.status}`);
  } catch (e) {
    console.error(`audit anchor: POST ${url} failed: ${(e as Error).message}`);
  }
}

/**
 * The lines of an anchor file: parsed anchors, and the numbers of lines that are not one. A
 * last line without its newline (a write cut off by a crash) is left out.
 */
export function readAnchorFile(file: string): { anchors: Anchor[]; unreadable: number[] } {
  if (!fs.existsSync(file)) return { anchors: [], unreadable: [] };
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.pop(); // after the last newline: empty, or a torn write
  const anchors: Anchor[] = [];
  const unreadable: number[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      const a = JSON.parse(text) as Anchor;
      const isAnchor =
        Number.isInteger(a.seq) &&
        Number.isInteger(a.keyedFrom) &&
        [a.hash, a.at, a.keyId, a.sig].every((v) => typeof v === 'string');
      if (isAnchor) anchors.push(a);
      else unreadable.push(i + 1);
    } catch {
      unreadable.push(i + 1);
    }
  });
  return { anchors, unreadable };
}

/**
 * At start: a log whose newest row is a plain SHA-256 row (written before the chain was keyed)
 * gets one keyed row that records the switch, so the plain rows are sealed under the key at
 * once; then the head is anchored, and again every AUDIT_ANCHOR_MINUTES.
 */
export async function startAnchoring(deps: AppDeps): Promise<void> {
  const keys = auditKeys(deps.config);
  await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
    const newest = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash_version'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest && newest.hash_version < KEYED_VERSION) {
      await appendAudits(trx, deps, [
        {
          actorId: null,
          actorName: null,
          action: 'audit.chain.keyed',
          objectType: 'audit_log',
          objectId: null,
          ip: null,
          outcome: 'ok',
          detail: { keyId: keys.keyId, plainRows: Number(newest.seq) },
        },
      ]);
    }
  });
  try {
    await anchorAuditHead(deps, { always: true });
  } catch (e) {
    throw new StartupError(
      `Cannot write the audit anchor file ${anchorFile(deps.config)} (${(e as Error).message}): ` +
        'make it writable, or set AUDIT_ANCHOR_FILE to a place that is.',
    );
  }
  const s = stateOf(deps.db);
  if (s.timer) clearInterval(s.timer);
  // setInterval takes at most 2^31 - 1 ms
  const every = Math.min(deps.config.auditAnchorMinutes * 60_000, 2 ** 31 - 1);
  s.timer = setInterval(() => {
    anchorAuditHead(deps).catch((e: unknown) =>
      console.error(`audit anchor: ${(e as Error).message}`),
    );
  }, every);
  s.timer.unref();
}

/** At a clean shutdown: the last head is anchored. */
export async function stopAnchoring(deps: AppDeps): Promise<void> {
  const s = stateOf(deps.db);
  if (s.timer) clearInterval(s.timer);
  s.timer = null;
  try {
    await anchorAuditHead(deps);
  } catch (e) {
    console.error(`audit anchor at shutdown: ${(e as Error).message}`);
  }
}
