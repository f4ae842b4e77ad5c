import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const widgetRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(widgetRoot, '../..');

/**
 * The embeddable widget: one classic script (IIFE, no module, no CSS file) next to the SPA in
 * dist/web, so `https://<beffroi>/widget.js` works on any site. Build after the SPA, which
 * empties the folder.
 */
export default defineConfig({
  root: widgetRoot,
  resolve: { alias: { '@web': path.join(repoRoot, 'src', 'web') } },
  publicDir: false,
  build: {
    outDir: path.join(repoRoot, 'dist', 'web'),
    emptyOutDir: false,
    sourcemap: true,
    target: 'es2020',
    lib: {
      entry: path.join(widgetRoot, 'widget.ts'),
      name: 'BeffroiWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
