import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const apiTarget = process.env.CC_API_URL ?? 'http://localhost:3000';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;

/**
 * Beside every text file of the build, its `.br` (brotli, quality 11) and `.gz` (gzip -9), made
 * once here so that the server sends them as they are (@fastify/static's preCompressed, by the
 * request's Accept-Encoding). Skipped where compression does not pay (tiny files).
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'cc-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (fs.readdirSync(outDir, { recursive: true }) as string[])
        .map((f) => path.join(outDir, f))
        .filter((f) => COMPRESSIBLE.test(f) && fs.statSync(f).isFile());
      await Promise.all(
        files.map(async (file) => {
          const raw = fs.readFileSync(file);
          if (raw.length < 512) return;
          const [br, gz] = await Promise.all([
            brotli(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
            gzip(raw, { level: 9 }),
          ]);
          if (br.length < raw.length * 0.95) fs.writeFileSync(`${file}.br`, br);
          if (gz.length < raw.length * 0.95) fs.writeFileSync(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/**
 * `src/opened-page.ts` as a second entry of its own, named in index.html ahead of the app as an
 * async module: its only static import is the bundler's small preload helper, so it runs as
 * soon as it arrives, while the app's code still downloads, and starts the opened page's code and data (issue 26). (Vite joins every
 * module script of index.html into one entry; this one must stay apart.)
 */
function openedPageEntry(): Plugin {
  return {
    name: 'cc-opened-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.isEntry && c.name === 'opened-page',
        );
        if (!chunk) throw new Error('the opened-page entry is missing from the build');
        return [
          // who is signed in: asked while the scripts download; the session module's first
          // fetch of the same address (same mode and credentials) takes this answer
          {
            tag: 'link',
            attrs: { rel: 'preload', href: '/api/auth/me', as: 'fetch', crossorigin: 'anonymous' },
            injectTo: 'head-prepend',
          },
          {
            tag: 'script',
            attrs: { type: 'module', async: true, crossorigin: true, src: `/${chunk.fileName}` },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

/**
 * Vite 8 transforms TS/JSX with oxc; no React plugin is needed for the automatic runtime
 * (no Fast Refresh: edits reload the page).
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [precompress(), openedPageEntry()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget },
      '/readyz': { target: apiTarget },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget },
      '/healthz': { target: apiTarget },
      '/readyz': { target: apiTarget },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: { index: 'index.html', 'opened-page': 'src/opened-page.ts' },
      // antd and react-router mark modules "use client" for React Server Components; irrelevant here.
      checks: { moduleLevelDirective: false },
      // The contracts build their request and answer schemas with TypeBox at module level; the
      // web uses their labels and role lists, not the schemas. Calls of `Type.…` have no side
      // effects: an unused schema is dropped, and TypeBox with them (the sign-in page loaded
      // every schema of the platform and TypeBox, 190 KB of its 218 KB api chunk).
      treeshake: { manualPureFunctions: ['Type'] },
      output: {
        // ECharts and React get their own long-cached chunks. ECharts is only reached through
        // the lazily loaded map, so the login page never downloads it. antd is left to the
        // automatic split: each page carries the components only it uses.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
              priority: 20,
            },
            // antd's icons in one chunk (issue 26): left to the automatic split every icon had its
            // own file of 1–2 KB (the layout alone fetched 30). A browser fetches six files at a
            // time over HTTP/1.1, so on a 100 ms link each six cost a round trip; one file of all
            // the icons the app uses costs less than the round trips.
            {
              name: 'icons',
              test: /node_modules[\\/]@ant-design[\\/](icons|icons-svg)[\\/]/,
              priority: 10,
            },
            // The features' role lists and menu entries (features/*/*-roles.ts, *-nav.tsx), read
            // by the layout of every signed-in page: one file instead of ~25 of 1–2 KB each. With
            // what they import (the API client, i18next, the contracts' labels, which every page
            // loads first anyway) they make the `core` chunk; the sign-in page pays ~8 KB for them.
            {
              name: 'core',
              test: /apps[\\/]web[\\/]src[\\/]features[\\/][^\\/]+[\\/][^\\/]+-(roles|nav)\.tsx?$/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
