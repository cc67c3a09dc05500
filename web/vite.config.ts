import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * One multi-page build: each person's page is its own entry, so the staff member's phone loads only
 * the staff page's code. The service worker precaches the staff page's shell, so it opens offline.
 */
const root = import.meta.dirname;
export const PAGES = ['index', 'signed-in', 'staff', 'board', 'desk', 'audit'] as const;

export default defineConfig({
  root,
  base: '/',
  publicDir: resolve(root, 'public'),
  plugins: [
    preact({ prefreshEnabled: false, devToolsEnabled: false }),
    VitePWA({
      // The staff page registers it (web/src/staff/main.tsx): the other pages are not used offline.
      injectRegister: null,
      registerType: 'autoUpdate',
      manifest: {
        name: 'Home visits',
        short_name: 'Visits',
        description: 'Your home visits today: check in, check out, and call for help.',
        id: '/staff.html',
        lang: 'en-GB',
        start_url: '/staff.html',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b0c0c',
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          // Full bleed, the house inside the maskable safe zone (a circle of 40% of the width).
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The pages, their scripts and styles; the plugin adds the manifest and its icons (once each).
        globPatterns: ['**/*.{js,css,html}'],
        // The pages are separate documents, not one app shell; the API is never cached.
        navigateFallback: null,
        // Only the built files are cached (precache); no runtime route, so no API answer is ever cached.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        skipWaiting: true,
        clientsClaim: true,
      },
    }),
  ],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: Object.fromEntries(PAGES.map((page) => [page, resolve(root, `${page}.html`)])) },
  },
  css: { preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ['import'] } } },
});
