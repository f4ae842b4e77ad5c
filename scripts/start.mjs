#!/usr/bin/env node
/**
 * What `npm start` runs (and `npm run backup`, `restore`, `audit:verify`): the compiled server or
 * command in dist/server, with Node alone. In a checkout it first builds what its sources are newer
 * than: the web app (dist/web, for the server) and the server (dist/server). A production install
 * (`npm ci --omit=dev` after `npm run build`) has no build tools and needs none.
 *
 * Signals: npm runs a script through `sh -c`, and Debian's sh (dash) does not hand over to its last
 * command: npm's SIGTERM would kill the shell alone and leave this process and the server running.
 * The package.json scripts therefore `exec` this file, which passes SIGTERM/SIGINT/SIGHUP on to
 * its child and exits as the child does, so npm exits with the server once shutdown is complete.
 *
 * Usage: node scripts/start.mjs [serve|backup|restore|audit-verify|migrate|spatial|sortition-verify] [arguments…]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const webSrc = path.join(src, 'web');
const widgetSrc = path.join(src, 'widget');
const builtIndex = path.join(root, 'dist', 'web', 'index.html');
const serverOut = path.join(root, 'dist', 'server');
const COMMANDS = ['serve', 'backup', 'restore', 'audit-verify', 'migrate', 'spatial', 'sortition-verify'];

const [command = 'serve', ...commandArgs] = process.argv.slice(2);
if (!COMMANDS.includes(command)) {
  console.error(`Unknown command "${command}": expected one of ${COMMANDS.join(', ')}.`);
  process.exit(2);
}

/** The child running now (a build, then the command): signals go to it. */
let current = null;
let stopSignal = null;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    stopSignal ??= signal;
    if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
    else process.exit(1);
  });
}

function run(args) {
  return new Promise((resolve) => {
    current = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
    current.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

function exitLike({ code, signal }) {
  if (signal) {
    // Re-raise so whoever started us sees the same cause of death.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
}

function newestMtime(dir, skip = []) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.includes(full)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, skip));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The web app's sources: its shell, the widget, and each module's pages (src/modules/<name>/web). */
function webSourceDirs() {
  const modulesDir = path.join(src, 'modules');
  const modulePages = fs.existsSync(modulesDir) ? fs.readdirSync(modulesDir).map((m) => path.join(modulesDir, m, 'web')) : [];
  return [webSrc, widgetSrc, ...modulePages].filter((dir) => fs.existsSync(dir));
}

function webBuildIsStale() {
  // A deployment carries dist/web without its sources.
  if (!fs.existsSync(webSrc)) return false;
  if (!fs.existsSync(builtIndex)) return true;
  if (!fs.existsSync(path.join(root, 'dist', 'web', 'widget.js'))) return true;
  return Math.max(...webSourceDirs().map((dir) => newestMtime(dir))) > fs.statSync(builtIndex).mtimeMs;
}

function serverBuildIsStale() {
  if (!fs.existsSync(path.join(src, 'cli'))) return false;
  const built = COMMANDS.map((c) => path.join(serverOut, `${c}.js`));
  if (!built.every((f) => fs.existsSync(f))) return true;
  const sources = Math.max(newestMtime(src, [webSrc, widgetSrc]), fs.statSync(path.join(root, 'scripts', 'build.mjs')).mtimeMs);
  return sources > Math.min(...built.map((f) => fs.statSync(f).mtimeMs));
}

function failWithoutBuildTools(what) {
  console.error(
    `${what} must be (re)built, and the build tools (devDependencies) are not installed: ` +
      'run `npm ci && npm run build` where they are, then deploy package.json, package-lock.json, scripts/start.mjs, drizzle/ and dist/.',
  );
  process.exit(1);
}

async function build(what, args) {
  const result = await run(args);
  if (stopSignal) process.exit(1);
  if (result.code !== 0) {
    console.error(`${what} failed; see the messages above.`);
    process.exit(result.code ?? 1);
  }
}

const buildScript = path.join(root, 'scripts', 'build.mjs');

if (command === 'serve' && process.env.BEFFROI_SKIP_WEB_BUILD !== 'true' && webBuildIsStale()) {
  if (!fs.existsSync(path.join(root, 'node_modules', 'vite'))) failWithoutBuildTools('The web app');
  console.log('Building the web app and the widget (src/web, src/widget → dist/web)…');
  await build('The web build', [buildScript, '--only', 'web']);
}

if (serverBuildIsStale()) {
  if (!fs.existsSync(path.join(root, 'node_modules', 'esbuild'))) failWithoutBuildTools('The server');
  console.log('Building the server (src → dist/server)…');
  await build('The server build', [buildScript, '--only', 'server']);
}

const entry = path.join(serverOut, `${command}.js`);
if (!fs.existsSync(entry)) {
  console.error(`${path.relative(root, entry)} is missing: run \`npm run build\` (with the devDependencies installed) first.`);
  process.exit(1);
}
// The bundle is not minified, so stack traces stay readable; NODE_OPTIONS=--enable-source-maps maps
// them to the TypeScript sources, at a cost on every stack read (the logs read one per error).
exitLike(await run([entry, ...commandArgs]));
