import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import type { RegistryImport } from '@cc/contracts';
import {
  freshPostgres,
  signIn,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from '../../platform/server-process.js';
import { DATABASES, DEMO } from '../../testing.js';
import { fakeResidentId } from './documents.js';

const COMMITTEE = '310101002001';
const ROWS = 40_000;

/** A residents file big enough to be cut off midway: people without a room, all valid. */
function residentsFile(): string {
  const lines = ['姓名,证件类型,证件号码,户籍类型'];
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(1940, 0, 1) + (i % 30_000) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    lines.push(
      `测试${i},居民身份证,${fakeResidentId('310101', day, i % 2 ? 'male' : 'female', () => (i % 97) / 97)},本市户籍`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

for (const kind of DATABASES) {
  describe(`an import cut off by a crash (${kind})`, () => {
    const dataDir = tempDataDir();
    let server: ServerProcess | null = null;
    let drop = async () => {};
    after(async () => {
      await server?.stop();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('when the server is killed mid-file, then nothing is stored, the import is marked interrupted, and it can be run again', async () => {
      let databaseUrl: string | undefined;
      if (kind === 'postgres') {
        const pg = await freshPostgres();
        databaseUrl = pg.url;
        drop = pg.drop;
      }
      const start = () =>
        startServerProcess({
          dataDir,
          databaseUrl,
          env: { DEMO_CASES: 'false' },
        });
      server = await start();
      let cookie = await signIn(server.baseUrl, 'yunnan', DEMO.password);
      const api = async (url: string, init: RequestInit = {}) => {
        const r = await fetch(server!.baseUrl + url, {
          ...init,
          headers: { cookie, ...init.headers },
        });
        return { status: r.status, body: (await r.json()) as never };
      };
      const file = residentsFile();
      const upload = () => {
        const fd = new FormData();
        fd.append('file', new Blob([file]), 'residents.csv');
        return api(`/api/registry/imports?kind=residents&committee=${COMMITTEE}`, {
          method: 'POST',
          body: fd,
        });
      };
      const present = async () =>
        (await api(`/api/registry/screen/${COMMITTEE}`)).body as { residents: { value: number } };
      const before = (await present()).residents.value;

      const started = await upload();
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const id = (started.body as RegistryImport).id;
      // wait until the file is being read, then kill the process outright
      for (let i = 0; i < 400; i++) {
        const p = (await api(`/api/registry/imports/${id}`)).body as RegistryImport;
        assert.equal(p.status, 'running', 'the file is big enough to be cut off midway');
        if (p.rowsRead > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const pid = server.pid;
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
      server = await start();
      cookie = await signIn(server.baseUrl, 'yunnan', DEMO.password);

      const cut = (await api(`/api/registry/imports/${id}`)).body as RegistryImport;
      assert.equal(cut.status, 'interrupted');
      assert.match(cut.message ?? '', /nothing was stored/);
      assert.equal((await present()).residents.value, before, 'nothing half-imported');

      const again = await upload();
      assert.equal(again.status, 202);
      let done: RegistryImport | null = null;
      for (let i = 0; i < 2400 && !done; i++) {
        const p = (await api(`/api/registry/imports/${(again.body as RegistryImport).id}`))
          .body as RegistryImport;
        if (p.status !== 'running') done = p;
        else await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(done?.status, 'done', JSON.stringify(done));
      assert.equal(done.inserted, ROWS);
      assert.equal((await present()).residents.value, before + ROWS);
    });
  });
}
