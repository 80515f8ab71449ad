import { defineConfig } from 'vite';

const apiTarget = process.env.CC_API_URL ?? 'http://localhost:3000';

/**
 * Vite 8 transforms TS/JSX with oxc; no React plugin is needed for the automatic runtime
 * (no Fast Refresh: edits reload the page).
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
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
      // antd and react-router mark modules "use client" for React Server Components; irrelevant here.
      checks: { moduleLevelDirective: false },
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
          ],
        },
      },
    },
  },
});
