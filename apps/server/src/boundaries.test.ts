/**
 * The house's rules, checked on the code itself (docs/ARCHITECTURE.md):
 * - each table has one owner, the module whose `<module>.tables.ts` declares it; another module
 *   may read it only where the owner's manifest shares it (`sharedReads`), and never writes it;
 * - SQL sits in use-case files and `*.repo.ts`, never in routes, policies or index.ts;
 * - every module is in the one list of modules, with a manifest named for its folder;
 * - the import boundaries (eslint/server-boundaries.js) fail on a planted violation.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { MODULES } from './modules.js';
import { REPO_ROOT } from './platform/config.js';

const SRC = path.join(REPO_ROOT, 'apps/server/src');
const MODULES_DIR = path.join(SRC, 'modules');
const moduleNames = fs
  .readdirSync(MODULES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** The table names a `<module>.tables.ts` adds to DB. */
export function declaredTables(source: string): string[] {
  const block = /interface DB \{([^}]*)\}/.exec(source)?.[1] ?? '';
  return [...block.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
}

const stripComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:])\/\/.*$/gm, '$1');

export interface TableUse {
  table: string;
  write: boolean;
}

/** The known tables a source file reads or writes, through Kysely or in SQL text. */
export function tablesUsed(source: string, known: ReadonlySet<string>): TableUse[] {
  const code = stripComments(source);
  const uses: TableUse[] = [];
  const add = (table: string | undefined, write: boolean) => {
    if (table && known.has(table)) uses.push({ table, write });
  };
  const builder =
    /\.(selectFrom|innerJoin|leftJoin|rightJoin|fullJoin|insertInto|updateTable|deleteFrom|mergeInto)\(\s*['"`](\w+)/g;
  for (const m of code.matchAll(builder)) {
    add(m[2], /^(insertInto|updateTable|deleteFrom|mergeInto)$/.test(m[1]!));
  }
  for (const m of code.matchAll(/\b(?:insertRows|rekeyColumns|rekeyTable)\(\s*['"`](\w+)/g)) {
    add(m[1], true);
  }
  const text = /\b(from|join|into|update|table)\s+(\w+)/gi;
  for (const m of code.matchAll(text)) {
    add(m[2], /^(into|update|table)$/i.test(m[1]!));
  }
  return uses;
}

const sourcesOf = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ file: f, source: fs.readFileSync(path.join(dir, f), 'utf8') }));

const owners = new Map<string, string>();
for (const name of moduleNames) {
  const file = path.join(MODULES_DIR, name, `${name}.tables.ts`);
  if (!fs.existsSync(file)) continue;
  for (const table of declaredTables(fs.readFileSync(file, 'utf8'))) owners.set(table, name);
}
const known = new Set(owners.keys());

/** The rule: the problems of one module's file, as sentences. */
export function tableProblems(
  module: string,
  file: string,
  uses: readonly TableUse[],
  owner: (table: string) => string | undefined,
  shared: (table: string) => readonly string[] | '*' | undefined,
): string[] {
  const problems: string[] = [];
  for (const { table, write } of uses) {
    const by = owner(table);
    if (!by || by === module) continue;
    const readers = shared(table);
    const mayRead = readers === '*' || (readers ?? []).includes(module);
    if (write) problems.push(`${module}/${file} writes ${table}, which ${by} owns`);
    else if (!mayRead)
      problems.push(`${module}/${file} reads ${table}, which ${by} owns and does not share`);
  }
  return [...new Set(problems)];
}

const sharedOf = (table: string) =>
  MODULES.find((m) => m.name === owners.get(table))?.sharedReads?.[table];

describe('the house', () => {
  it('when a module is in modules/, then it is in the module list with a manifest of its name', () => {
    assert.deepEqual(MODULES.map((m) => m.name).sort(), moduleNames);
  });

  it('when a table exists in the database types, then exactly one module declares it', () => {
    const declared = moduleNames.flatMap((name) => {
      const file = path.join(MODULES_DIR, name, `${name}.tables.ts`);
      return fs.existsSync(file) ? declaredTables(fs.readFileSync(file, 'utf8')) : [];
    });
    assert.equal(declared.length, new Set(declared).size, 'a table declared twice');
    assert.ok(declared.includes('cases') && declared.includes('residents'));
  });

  it('when a module queries a table, then it owns it or the owner shares it for reading', () => {
    const problems = moduleNames.flatMap((name) =>
      sourcesOf(path.join(MODULES_DIR, name)).flatMap(({ file, source }) =>
        tableProblems(name, file, tablesUsed(source, known), (t) => owners.get(t), sharedOf),
      ),
    );
    assert.deepEqual(problems, []);
  });

  it('when a table is shared, then its owner declares it and names modules that exist', () => {
    for (const m of MODULES) {
      for (const [table, readers] of Object.entries(m.sharedReads ?? {})) {
        assert.equal(owners.get(table), m.name, `${m.name} shares ${table}, which it does not own`);
        if (readers !== '*') for (const r of readers) assert.ok(moduleNames.includes(r), r);
      }
    }
  });

  it('when a file is a route, policy or index file, then it holds no SQL', () => {
    const holders = moduleNames.flatMap((name) =>
      sourcesOf(path.join(MODULES_DIR, name))
        .filter(({ file }) => /(\.routes|\.policy|^index)\.ts$/.test(file))
        // naming a table for key rotation (rekeyColumns in a manifest) is not a query
        .map(({ file, source }) => ({ file, source: source.replace(/\brekey\w*\([^)]*\)/g, '') }))
        .filter(({ source }) => tablesUsed(source, known).length > 0 || /\bsql`/.test(source))
        .map(({ file }) => `${name}/${file}`),
    );
    assert.deepEqual(holders, []);
  });

  it('when a module reads or writes another module’s table (planted), then the check names it', () => {
    const planted = `
      // a comment that mentions select from residents is not a query
      const a = await db.selectFrom('accounts').selectAll().execute();
      const b = await sql\`update residents set name = 'x'\`.execute(db);
      const c = await db.selectFrom('areas as a').selectAll().execute();`;
    const uses = tablesUsed(planted, known);
    assert.deepEqual(uses, [
      { table: 'accounts', write: false },
      { table: 'areas', write: false },
      { table: 'residents', write: true },
    ]);
    assert.deepEqual(
      tableProblems('cases', 'planted.ts', uses, (t) => owners.get(t), sharedOf),
      [
        'cases/planted.ts reads accounts, which identity owns and does not share',
        'cases/planted.ts writes residents, which registry owns',
      ],
    );
  });

  it('when a file imports across a boundary (planted), then lint fails with the rule', async () => {
    const { ESLint } = await import('eslint');
    const tseslint = (await import('typescript-eslint')).default;
    const { serverBoundaries } = (await import(
      pathToFileURL(path.join(REPO_ROOT, 'eslint/server-boundaries.js')).href
    )) as { serverBoundaries: object[] };
    const eslint = new ESLint({
      cwd: REPO_ROOT,
      overrideConfigFile: true,
      overrideConfig: [{ languageOptions: { parser: tseslint.parser } }, ...serverBoundaries],
    });
    const lint = async (file: string, code: string) =>
      (await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) }))[0]!.messages.map(
        (m) => `${m.line}:${m.ruleId}`,
      );
    assert.deepEqual(
      await lint(
        'apps/server/src/modules/areas/planted.ts',
        [
          "import { a } from '../cases/cases.service.js';",
          "import { b } from '../cases/index.js';",
          "import { c } from '../../bootstrap.js';",
          "import { d } from '../../testing.js';",
          "import { e } from '../../platform/errors.js';",
          "import { f } from './areas.repo.js';",
          'export const x = [a, b, c, d, e, f];',
        ].join('\n'),
      ),
      ['1:no-restricted-imports', '3:no-restricted-imports', '4:no-restricted-imports'],
    );
    assert.deepEqual(
      await lint(
        'apps/server/src/modules/areas/planted.test.ts',
        "import { d } from '../../testing.js';\nexport const x = d;",
      ),
      [],
    );
    assert.deepEqual(
      await lint(
        'apps/server/src/platform/db/planted.ts',
        "import { a } from '../../modules/cases/index.js';\nimport { b } from '../../demo/seed-demo.js';\nexport const x = [a, b];",
      ),
      ['1:no-restricted-imports', '2:no-restricted-imports'],
    );
    assert.deepEqual(
      await lint(
        'bench/planted.ts',
        "import { a } from '../apps/server/src/modules/cases/rollups.js';\nimport { b } from '../apps/server/src/modules/cases/index.js';\nexport const x = [a, b];",
      ),
      ['1:no-restricted-imports'],
    );
  });
});
