#!/usr/bin/env node
/**
 * What `npm start` runs: builds the web app when its sources are newer than the build,
 * then runs the server, passing signals through so that shutdown stays graceful.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webSrc = path.join(root, 'src', 'web');
const widgetSrc = path.join(root, 'src', 'widget');
const builtIndex = path.join(root, 'dist', 'web', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function webBuildIsStale() {
  if (!fs.existsSync(builtIndex)) return true;
  if (!fs.existsSync(path.join(root, 'dist', 'web', 'widget.js'))) return true;
  return Math.max(newestMtime(webSrc), newestMtime(widgetSrc)) > fs.statSync(builtIndex).mtimeMs;
}

if (process.env.BEFFROI_SKIP_WEB_BUILD !== 'true' && webBuildIsStale()) {
  console.log('Building the web app and the widget (src/web, src/widget → dist/web)…');
  const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // The app's build empties dist/web, so the widget is built after it.
  for (const config of [path.join(webSrc, 'vite.config.ts'), path.join(widgetSrc, 'vite.config.ts')]) {
    const build = spawnSync(process.execPath, [viteBin, 'build', '--config', config], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('The web build failed; see the messages above.');
      process.exit(build.status ?? 1);
    }
  }
}

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', 'serve.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
}

server.on('exit', (code, signal) => {
  if (signal) {
    // Re-raise so whoever started us sees the same cause of death.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
