#!/usr/bin/env node
/**
 * `npm run build`: the web app and the widget (vite, → dist/web) and the server with its
 * command-line tools (esbuild, → dist/server). A deployment is then package.json,
 * package-lock.json, scripts/start.mjs, drizzle/ and dist/, installed with `npm ci --omit=dev` and
 * run by Node alone (`npm start`, or `node dist/server/serve.js`): no tsx, no vite.
 *
 * The server is a bundle rather than `tsc` output: the sources import each other without
 * extensions (moduleResolution "Bundler"), which Node's ESM loader refuses. esbuild resolves them,
 * inlines the JSON imports and leaves every npm package external. It takes about 0.2 s here.
 *
 * A bundle moves code, so `import.meta.url` would name the bundle instead of the source file.
 * Two rewrites keep run-time paths right:
 * - `new URL('./file-or-folder', import.meta.url)` (the embedded database's thread, demo data):
 *   the target is copied to dist/server/assets/<its path in the repository> and the URL points
 *   there, so dist/server carries what it reads;
 * - any other `import.meta.url` (paths from the repository's root: drizzle/, dist/web) becomes the
 *   URL the source file would have under the deployment's root, two levels above dist/server,
 *   so `../../..` from src/platform/db still reaches the root.
 *
 * Usage: node scripts/build.mjs [--only web|server] [--dist DIR]
 *   --dist builds into DIR/web and DIR/server instead of ./dist (a test's deployment).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DIST = path.join(ROOT, 'dist');
/** The compiled entries, dist/server/<name>.js, from src/cli/<name>.ts (or the module's file in ENTRY_SOURCES). */
export const SERVER_ENTRIES = ['serve', 'backup', 'restore', 'audit-verify', 'migrate', 'spatial', 'sortition-verify'];
/** Commands that live in their module rather than in src/cli. */
const ENTRY_SOURCES = { 'sortition-verify': 'src/modules/assemblies/cli/sortition-verify.ts' };

/** `new URL('./relative', import.meta.url)` (an asset: groups 1-2), or any other `import.meta.url`. */
const IMPORT_META_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"\n]*)\1\s*,\s*import\.meta\.url\s*\)|import\.meta\.url/g;

export function buildWeb(distDir) {
  const viteBin = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  // The configurations' own output folder (dist/web) unless told otherwise.
  const elsewhere = path.resolve(distDir) === DEFAULT_DIST ? [] : ['--outDir', path.join(distDir, 'web')];
  // The app's build empties the folder, so the widget is built after it, into the same folder.
  for (const app of ['web', 'widget']) {
    const config = path.join(ROOT, 'src', app, 'vite.config.ts');
    const args = [viteBin, 'build', '--config', config, ...elsewhere, ...(elsewhere.length && app === 'web' ? ['--emptyOutDir'] : [])];
    const build = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`vite build of src/${app} failed (see above)`);
  }
}

export async function buildServer(distDir) {
  // A build tool (devDependency): loaded only when building.
  const esbuild = await import('esbuild');
  const outDir = path.join(distDir, 'server');
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const assets = new Map();
  const rewriteImportMetaUrl = {
    name: 'beffroi-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        let source = await fs.promises.readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const fromRoot = path.relative(ROOT, args.path).split(path.sep).join('/');
        // One pass, so that the URL written for an asset is not rewritten again.
        source = source.replace(IMPORT_META_URL, (_match, _quote, relative) => {
          if (relative === undefined) return `new URL(${JSON.stringify(`../../${fromRoot}`)}, import.meta.url).href`;
          const target = path.resolve(path.dirname(args.path), relative);
          if (!fs.existsSync(target)) throw new Error(`${fromRoot} reads ${relative}, which does not exist`);
          const inRepo = path.relative(ROOT, target).split(path.sep).join('/');
          assets.set(target, path.join(staging, 'assets', inRepo));
          return `new URL(${JSON.stringify(`./assets/${inRepo}${relative.endsWith('/') ? '/' : ''}`)}, import.meta.url)`;
        });
        return { contents: source, loader: 'ts' };
      });
    },
  };
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(
      SERVER_ENTRIES.map((name) => [name, path.join(ROOT, ENTRY_SOURCES[name] ?? path.join('src', 'cli', `${name}.ts`))]),
    ),
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.13',
    packages: 'external',
    // Class and function names stay as written: they appear in logs and error names.
    keepNames: true,
    sourcemap: 'linked',
    // Shared chunks sit beside the entries, so that the root is `../..` from every file.
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
    plugins: [rewriteImportMetaUrl],
  });
  for (const [from, to] of assets) fs.cpSync(from, to, { recursive: true });
  // Swapped in whole: a server started meanwhile never sees half a build.
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(staging, outDir);
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const only = option('--only');
  const distDir = path.resolve(option('--dist') ?? DEFAULT_DIST);
  try {
    if (only !== undefined && only !== 'web' && only !== 'server') throw new Error(`--only takes web or server, not "${only}"`);
    if (only !== 'server') buildWeb(distDir);
    if (only !== 'web') {
      const started = performance.now();
      await buildServer(distDir);
      console.log(`Server built in ${Math.round(performance.now() - started)} ms → ${path.join(distDir, 'server')}`);
    }
  } catch (err) {
    console.error(`The build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
