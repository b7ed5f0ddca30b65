import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './electron/shared/content-security-policy';

/**
 * The built page carries the strict CSP in a <meta> tag too, so it holds
 * however the page is loaded. The dev server's page is left without it:
 * React refresh needs an inline script there (the Electron session header
 * allows that for the dev server only).
 */
function cspMeta(): Plugin {
  return {
    name: 'zedops-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ forMeta: true }) },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Three bundles: Electron main, preload, and the renderer (also served by
// `zedops serve` in browser mode). Native modules stay external to main.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
