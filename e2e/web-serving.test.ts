import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../apps/server/src/platform/config.js';
import { startTestPlatform, type TestPlatform } from '../apps/server/src/testing.js';

describe('serving the built web app', () => {
  let tp: TestPlatform;
  const added = path.join(REPO_ROOT, 'apps/web/dist/assets', `added-after-start-${process.pid}.js`);
  before(async () => {
    tp = await startTestPlatform('pglite', { demo: false });
  });
  after(async () => {
    fs.rmSync(added, { force: true });
    await tp.close();
  });

  it('when the bundle is rebuilt while the server runs, then the new files are served without a restart', async () => {
    fs.writeFileSync(added, 'console.log("new build")');
    const r = await tp.client().get(`/assets/${path.basename(added)}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /javascript/);
  });

  it('when an asset is missing, then 404, not the app shell; a client-side route gets the app shell', async () => {
    const missing = await tp.client().get('/assets/no-such-chunk.js');
    assert.equal(missing.status, 404);
    for (const [escape, status] of [
      ['/assets/..%2f..%2fpackage.json', 404],
      ['/..%2f..%2f..%2fpackage.json', 404],
      ['/assets/%E0%A4%A.js', 400], // a malformed escape
    ] as const) {
      const r = await tp.client().get(escape);
      assert.equal(r.status, status, escape);
      assert.ok(!String(r.body).includes('"name"'), 'nothing outside the bundle is served');
    }
    const route = await tp.client().get('/cases/some-id');
    assert.equal(route.status, 200);
    assert.match(route.headers.get('content-type')!, /text\/html/);
    const api = await tp.client().get('/api/no-such-route');
    assert.equal(api.status, 404);
    assert.equal(api.body.code, 'NOT_FOUND');
  });
});
