import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './platform/config.js';
import { createDataCipher, loadDataKey } from './platform/crypto.js';
import { openDatabase, StartupError } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { importAreas, refreshAreaIndex } from './modules/areas/index.js';
import { importAddressFile, syncPlatformAddresses } from './modules/addresses/index.js';
import { AppError } from './platform/errors.js';
import { verifyAuditChain } from './modules/audit/index.js';
import { rebuildRollups } from './modules/cases/index.js';
import { registerOpen311Client } from './modules/open311/index.js';
import { RETIRED_KEY_KEPT_MS, rotateSigningKeys } from './modules/sso/index.js';
import { generateResidentAccounts } from './demo/synthetic-accounts.js';
import { generateRegistry } from './demo/synthetic-registry.js';
import { checkDataKey, resumeRotation, rotateDataKey } from './rotate-key.js';
import { publishedDemoAccounts } from './demo/published-accounts.js';
import {
  checkPasswordPolicy,
  checkUsername,
  createAdministrator,
  disableAccountsWithPassword,
  MIN_PASSWORD_LENGTH,
} from './modules/identity/index.js';
import { loadAreas } from './modules/areas/index.js';
import type { Config } from './platform/config.js';
import type { AppDeps } from './platform/context.js';
import type { Db } from './platform/db/database.js';
import { JobRunner } from './platform/jobs.js';
import { EventBus } from './platform/events.js';
import { memoryHitCounter } from './platform/hit-counter.js';
import { LiveHub } from './platform/live.js';
import { createSmsProvider } from './platform/sms.js';

const USAGE = `Community Cloud command line

  npm run migrate                         apply pending SQL migrations
  npm run cli -- load-areas <file.json>   load another city's areas (see data/areas/README.md)
  npm run cli -- verify-audit [--anchors <file>]
                                          check the audit log's keyed hash chain (AUDIT_KEY or
                                          the key file) and every anchor (AUDIT_ANCHOR_FILE,
                                          and copies given with --anchors)
  npm run cli -- rebuild-rollups          recompute the dashboards' case rollups from the timeline
  npm run cli -- open311-client "<name>"  register an Open311 client; prints its api_key once
  npm run cli -- rotate-data-key [--new-key <hex>]
                                          re-encrypt all personal data under a new data key
  npm run cli -- rotate-data-key --resume settle a rotation cut off before its key file swap
  npm run cli -- rotate-oidc-keys        a new signing key for one sign-on (/oidc) signs from now;
                                          the old one stays in the JWKS for verification and is
                                          dropped at a rotation 24 h or more after it retired;
                                          a running server takes the new key within 30 s
  npm run cli -- generate-registry [--scale 0.01] [--within <area code>,…] [--seed 1] [--accounts N|all]
                                          fill empty committees with a synthetic registry
                                          (scale 1 = Shanghai's 25 million residents), owners
                                          on record, and with --accounts up to N verified
                                          resident accounts (password shanghai-2026)

  npm run cli -- import-addresses <file.csv>
                                          import an address file for address search (CSV:
                                          address, lng, lat[, area_code]; data/addresses/README.md);
                                          all rows or none, bad rows named by line and column

  npm run cli -- create-admin <username> [--display-name <name>] [--area <code>] [--force]
                                          create the first administrator (bound at the root of
                                          the area tree); the password comes from ADMIN_PASSWORD
                                          or standard input (at least ${MIN_PASSWORD_LENGTH} characters, not a
                                          common one); refused when an administrator exists,
                                          unless --force
  npm run cli -- disable-demo-accounts    disable the demo accounts that still have the demo
                                          password (a production start refuses while any does)

The database is the one the server uses: DATABASE_URL, else PGlite in DATA_DIR (./data).
Stop the server first when it runs on PGlite: one process per data directory.`;

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!command || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  // create-admin: a bad name or a weak password is refused before the database is opened
  let adminPassword = '';
  if (command === 'create-admin') {
    if (!args[0]) throw new StartupError('create-admin needs the user name of the administrator');
    checkUsername(args[0]);
    adminPassword = await readPassword();
    checkPasswordPolicy(adminPassword, 'password');
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    production: config.production,
    allowPgliteInProduction: config.allowPgliteInProduction,
  });
  try {
    const { db } = database;
    switch (command) {
      case 'migrate': {
        const applied = await migrate(db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
        return 0;
      }
      case 'load-areas': {
        const file = args[0];
        if (!file) throw new StartupError('load-areas needs the path of an area file');
        await migrate(db);
        const { loaded } = await importAreas(db, JSON.parse(fs.readFileSync(file, 'utf8')));
        console.log(`loaded ${loaded} areas from ${file}; restart a running server to index them`);
        return 0;
      }
      case 'verify-audit': {
        // --anchors <file>, repeatable: copies of anchors kept elsewhere (the external log's)
        const extra = process.argv.flatMap((a, i) =>
          a === '--anchors' && process.argv[i + 1] ? [process.argv[i + 1]!] : [],
        );
        await migrate(db);
        const report = await verifyAuditChain(db, config, { anchorFiles: extra });
        if (report.note) console.warn(`warning: ${report.note}`);
        if (report.ok) {
          console.log(
            `audit log intact: ${report.rows} rows, head ${report.lastHash}, ` +
              `${report.anchors} anchors checked (${report.anchorFiles.join(', ')})`,
          );
          return 0;
        }
        console.error(
          `AUDIT LOG BROKEN at row ${report.problem!.seq} (${report.problem!.kind}), ` +
            `after ${report.rows} good rows: ${report.problem!.message}`,
        );
        return 1;
      }
      case 'rebuild-rollups': {
        await migrate(db);
        await rebuildRollups(db);
        console.log('case rollups rebuilt from the timeline');
        return 0;
      }
      case 'open311-client': {
        const name = args.join(' ').trim();
        if (!name) throw new StartupError("open311-client needs the client's name, in quotes");
        await migrate(db);
        const client = await registerOpen311Client(db, name);
        console.log(
          `registered Open311 client "${client.name}" (${client.id})\n` +
            `api_key: ${client.apiKey}\n` +
            'Only its hash is stored: give the key to the client now; it cannot be shown again.',
        );
        return 0;
      }
      case 'rotate-data-key': {
        await migrate(db);
        if (process.argv.includes('--resume')) {
          console.log(await resumeRotation(db, config.dataDir));
          return 0;
        }
        const at = process.argv.indexOf('--new-key');
        const { counts, note } = await rotateDataKey(db, {
          dataDir: config.dataDir,
          dataKey: config.dataKey,
          newKeyHex: at > 0 ? process.argv[at + 1] : undefined,
        });
        console.log(
          `re-encrypted: ${Object.entries(counts)
            .map(([table, n]) => `${table} ${n}`)
            .join(', ')}\n${note}`,
        );
        return 0;
      }
      case 'rotate-oidc-keys': {
        await migrate(db);
        const deps = await commandDeps(config, db);
        const r = await rotateSigningKeys(deps.db, deps.cipher);
        console.log(
          `one sign-on signs with the new key ${r.kid} from now on` +
            (r.retired.length ? `; retired (still published): ${r.retired.join(', ')}` : '') +
            (r.dropped.length ? `; dropped: ${r.dropped.join(', ')}` : '') +
            `\nRetired keys stay published ${RETIRED_KEY_KEPT_MS / 3_600_000} h, then the next rotation drops them.`,
        );
        return 0;
      }
      case 'generate-registry': {
        // flags of this command: --name value or --name=value
        const option = (name: string, fallback: string) => {
          const argv = process.argv.slice(3);
          const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
          if (i < 0) return fallback;
          const a = argv[i]!;
          return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[i + 1] ?? fallback);
        };
        const scale = Number(option('scale', '0.01'));
        const seed = Number(option('seed', '1'));
        if (!(scale > 0) || !Number.isInteger(seed)) {
          throw new StartupError('generate-registry needs --scale > 0 and an integer --seed');
        }
        const within = option('within', '').split(',').filter(Boolean);
        await migrate(db);
        const cipher = createDataCipher(loadDataKey(config.dataKey, config.dataDir));
        await checkDataKey(db, cipher);
        const result = await generateRegistry(db, cipher, {
          scale,
          seed,
          ...(within.length ? { within } : {}),
          onProgress: (p) =>
            process.stderr.write(
              `${p.committeesDone} / ${p.committees} committees, ${p.residents} residents\n`,
            ),
        });
        console.log(
          `generated ${result.residents} residents in ${result.households} households, ` +
            `${result.rooms} rooms, ${result.buildings} buildings, ${result.compounds} compounds ` +
            `and ${result.organisations} organisations for ${result.committees} committees ` +
            `(${result.owners} owners on record) ` +
            `in ${result.seconds.toFixed(1)} s` +
            (result.committees ? '' : ' (every committee asked for has its registry already)'),
        );
        const accounts = option('accounts', '');
        if (accounts) {
          const cap = accounts === 'all' ? undefined : Number(accounts);
          if (cap !== undefined && !(Number.isInteger(cap) && cap > 0)) {
            throw new StartupError('--accounts needs a positive whole number or "all"');
          }
          const made = await generateResidentAccounts(db, cipher, {
            ...(cap ? { cap } : {}),
            onProgress: (n) => process.stderr.write(`${n} resident accounts\n`),
          });
          console.log(
            `made ${made.accounts} verified resident accounts in ${made.seconds.toFixed(1)} s`,
          );
        }
        return 0;
      }
      case 'import-addresses': {
        const file = args[0];
        if (!file) throw new StartupError('import-addresses needs the path of an address file');
        await migrate(db);
        await refreshAreaIndex(db);
        const deps = await commandDeps(config, db);
        try {
          const r = await importAddressFile(
            { ...deps, actor: null, ip: null },
            file,
            path.basename(file),
          );
          const sync = await syncPlatformAddresses(db);
          console.log(
            `imported ${r.rowsRead} addresses from ${file} (${r.rowsStored} new or changed); ` +
              `compounds, buildings and points: ${sync.written} written, ${sync.removed} removed`,
          );
          return 0;
        } catch (e) {
          if (!(e instanceof AppError) || !e.rows) throw e;
          console.error(`refused, nothing stored: ${e.message}`);
          for (const p of e.rows) console.error(`  line ${p.row}, ${p.field}: ${p.reason}`);
          return 1;
        }
      }
      case 'create-admin': {
        await migrate(db);
        // an empty database: the shipped city's areas, as the server's first start loads them
        await loadAreas(db);
        const deps = await commandDeps(config, db);
        const admin = await createAdministrator(deps, {
          username: args[0]!,
          displayName: option('display-name') ?? args[0]!,
          password: adminPassword,
          force: process.argv.includes('--force'),
          ...(option('area') ? { areaCode: option('area')! } : {}),
        });
        console.log(
          `created administrator ${admin.username} at ${admin.areaCode}. In production the ` +
            'first sign-in only enrols TOTP (an authenticator app); then sign in with its code.',
        );
        return 0;
      }
      case 'disable-demo-accounts': {
        await migrate(db);
        const deps = await commandDeps(config, db);
        const disabled: string[] = [];
        for (const group of publishedDemoAccounts())
          disabled.push(
            ...(await disableAccountsWithPassword(
              { ...deps, actor: null, ip: null },
              group.usernames,
              group.password,
              'demo account (command line)',
            )),
          );
        console.log(
          disabled.length
            ? `disabled the demo accounts ${disabled.join(', ')}; their sessions ended`
            : 'no demo account is enabled with the demo password',
        );
        return 0;
      }
      default:
        console.error(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await database.close();
  }
}

/** `--name value` or `--name=value` of the command line. */
function option(name: string): string | undefined {
  const argv = process.argv.slice(3);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

/**
 * What a use case run from the command line is handed: the platform's dependencies, the data
 * key checked against the database's, nothing started (no jobs run, no live events).
 */
async function commandDeps(config: Config, db: Db): Promise<AppDeps> {
  const cipher = createDataCipher(loadDataKey(config.dataKey, config.dataDir));
  await checkDataKey(db, cipher);
  return {
    db,
    config,
    cipher,
    jobs: new JobRunner(db, new Map(), config.jobPollMs),
    sms: createSmsProvider(config),
    live: new LiveHub(null),
    hits: memoryHitCounter(),
    replica: null,
    events: new EventBus(),
  };
}

/**
 * The new administrator's password: ADMIN_PASSWORD, else standard input — typed twice without
 * echo at a terminal, the first line when piped. Never from the command line (shell history).
 */
async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(prompt);
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      let typed = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            stdin.setRawMode(false);
            stdin.pause();
            process.stderr.write('\n');
            resolve(typed);
            return;
          }
          if (ch === '\u0003') process.exit(130);
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('Password of the new administrator: ');
  if ((await ask('Once more: ')) !== first) throw new StartupError('the two passwords differ');
  return first;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? `error: ${e.message}` : e);
    process.exit(1);
  },
);
