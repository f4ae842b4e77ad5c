import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '../..');

export default defineConfig({
  root: webRoot,
  resolve: { alias: { '@web': path.join(repoRoot, 'src', 'web') } },
  publicDir: path.join(webRoot, 'public'),
  plugins: [react()],
  build: {
    outDir: path.join(repoRoot, 'dist', 'web'),
    emptyOutDir: true,
    // The server's CSP forbids inline scripts; keep every asset a separate file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/readyz': 'http://localhost:3000',
    },
  },
});
