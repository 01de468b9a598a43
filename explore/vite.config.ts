import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The explorer page: built into explore/dist (gitignored) and served by the app at /explore, so
 * every asset URL starts with /explore/. Everything it needs is bundled: no CDN, no web font.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explore/',
  // No public/ directory: nothing is copied that the bundle does not import.
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // cytoscape alone is about 400 kB minified; a warning at 500 kB would only repeat that.
    chunkSizeWarningLimit: 700,
  },
});
