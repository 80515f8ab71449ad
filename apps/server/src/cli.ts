import fs from 'node:fs';
import { loadConfig } from './platform/config.js';
import { createDataCipher, loadDataKey } from './platform/crypto.js';
import { openDatabase, StartupError } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { importAreas } from './modules/areas/index.js';
import { verifyAuditChain } from './modules/audit/index.js';
import { rebuildRollups } from './modules/cases/index.js';
import { registerOpen311Client } from './modules/open311/index.js';
import { generateRegistry } from './demo/synthetic-registry.js';
import { resumeRotation, rotateDataKey } from './rotate-key.js';

const USAGE = `Community Cloud command line

  npm run migrate                         apply pending SQL migrations
  npm run cli -- load-areas <file.json>   load another city's areas (see data/areas/README.md)
  npm run cli -- verify-audit             check the audit log's hash chain
  npm run cli -- rebuild-rollups          recompute the dashboards' case rollups from the timeline
  npm run cli -- open311-client "<name>"  register an Open311 client; prints its api_key once
  npm run cli -- rotate-data-key [--new-key <hex>]
                                          re-encrypt all personal data under a new data key
  npm run cli -- rotate-data-key --resume settle a rotation cut off before its key file swap
  npm run cli -- generate-registry [--scale 0.01] [--within <area code>,…] [--seed 1]
                                          fill empty committees with a synthetic registry
                                          (scale 1 = Shanghai's 25 million residents)

The database is the one the server uses: DATABASE_URL, else PGlite in DATA_DIR (./data).
Stop the server first when it runs on PGlite: one process per data directory.`;

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!command || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
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
        const report = await verifyAuditChain(db);
        if (report.ok) {
          console.log(`audit log intact: ${report.rows} rows, head ${report.lastHash}`);
          return 0;
        }
        console.error(
          `AUDIT LOG BROKEN after ${report.rows} good rows: ${report.problem!.message}`,
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
            `in ${result.seconds.toFixed(1)} s` +
            (result.committees ? '' : ' (every committee asked for has its registry already)'),
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

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? `error: ${e.message}` : e);
    process.exit(1);
  },
);
