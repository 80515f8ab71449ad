import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * A worker's code: its file and what that imports, bundled once per process into one ES module
 * by esbuild (the transform tsx gives the server's own TypeScript) and started from a data: URL.
 * Started through tsx's loader instead, each worker had a loader thread of its own and ~25 MB
 * more memory. The CommonJS packages a bundle holds (yauzl, sax) get a `require` for Node's
 * own modules.
 */
const bundles = new Map<string, Promise<URL>>();

export function workerCode(file: 'seal-worker.ts' | 'xlsx-worker.ts'): Promise<URL> {
  let code = bundles.get(file);
  if (!code) {
    const entry = fileURLToPath(new URL(`./${file}`, import.meta.url));
    code = build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      banner: {
        js: `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(entry)});`,
      },
    }).then(
      ({ outputFiles }) =>
        new URL(`data:text/javascript,${encodeURIComponent(outputFiles[0]!.text)}`),
    );
    code.catch(() => bundles.delete(file)); // tried again by the next import
    bundles.set(file, code);
  }
  return code;
}
