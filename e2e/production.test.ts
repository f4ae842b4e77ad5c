import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser';
import { freePort, REPO_ROOT } from './support/server';

/**
 * A production deployment as the README describes it: built (`scripts/build.mjs`, here into a
 * folder of its own so that the checkout's dist/ is left alone), then package.json,
 * package-lock.json, scripts/start.mjs, drizzle/ and dist/ copied to a fresh folder and installed with
 * `npm ci --omit=dev`, from the npm cache that the checkout's own install filled (`--prefer-offline`
 * rather than `--offline`: a package added since then, or metadata cached in another form, is
 * fetched instead of failing the test). No sources, no tsx, no vite.
 */
describe('production deployment', () => {
  let deployDir: string;
  const dataDirs: string[] = [];

  /** The environment of a fresh server: nothing from the test runner or an enclosing `npm run`. */
  function serverEnv(port: number): NodeJS.ProcessEnv {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-prod-data-'));
    dataDirs.push(dataDir);
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !k.startsWith('BEFFROI_') && !k.startsWith('VITEST') && !k.startsWith('npm_') && k !== 'DATABASE_URL' && k !== 'NODE_OPTIONS',
      ),
    );
    return {
      ...inherited,
      // The Node running the tests, first, for npm and its scripts too.
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      BEFFROI_DATA_DIR: dataDir,
      BEFFROI_ADMIN_PASSWORD: 'production-test-password',
      BEFFROI_KEYS_DIR: path.join(dataDir, 'keys'),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
  }

  function runOrThrow(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
    const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
  }

  beforeAll(() => {
    deployDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-deploy-'));
    runOrThrow(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), '--dist', path.join(deployDir, 'dist')], REPO_ROOT);
    for (const entry of ['package.json', 'package-lock.json', 'scripts/start.mjs', 'drizzle']) {
      fs.cpSync(path.join(REPO_ROOT, entry), path.join(deployDir, entry), { recursive: true });
    }
    const env = serverEnv(0);
    runOrThrow('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], deployDir, env);
    // Building and installing take a minute or two on a busy 2-core machine.
  }, 400_000);

  afterAll(() => {
    for (const dir of [deployDir, ...dataDirs]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function waitUntilReady(url: string, child: ChildProcess, output: () => string) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) before being ready:\n${output()}`);
      if (Date.now() > deadline) throw new Error(`The server was not ready in time:\n${output()}`);
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.ok) return res;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  function collectOutput(child: ChildProcess): () => string {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    return () => out;
  }

  function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
    return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  function portAcceptsConnections(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }

  function processGroupAlive(pgid: number): boolean {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  it('installs without the build tools, serves the portal with Node alone and runs the compiled commands', async () => {
    for (const tool of ['tsx', 'vite', 'esbuild', 'typescript', 'vitest']) {
      expect(fs.existsSync(path.join(deployDir, 'node_modules', tool)), `${tool} in a production install`).toBe(false);
    }
    expect(fs.existsSync(path.join(deployDir, 'src'))).toBe(false);

    const port = await freePort();
    const env = serverEnv(port);
    const server = spawn(process.execPath, [path.join('dist', 'server', 'serve.js')], { cwd: deployDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(server);
    const url = `http://127.0.0.1:${port}`;
    try {
      const ready = await waitUntilReady(url, server, output);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' });

      // The portal, rendered by the built web app against the compiled server's API and demo data.
      const browser = await launchBrowser();
      try {
        const { context, errors } = await newContext(browser, { baseURL: url });
        const page = await context.newPage();
        await page.goto('/');
        const h1 = page.getByRole('heading', { level: 1 });
        await expect.poll(() => h1.textContent(), { timeout: 30_000 }).toBe('Vincennes');
        expect(errors, 'page errors or CSP violations').toEqual([]);
        await context.close();
      } finally {
        await browser.close();
      }
    } finally {
      server.kill('SIGTERM');
      expect(await exited(server), output()).toEqual({ code: 0, signal: null });
    }

    // The operators' commands, compiled too, on the data the server left.
    const verify = runOrThrow('npm', ['run', '--silent', 'audit:verify'], deployDir, env);
    expect(verify).toMatch(/Audit chain intact: \d+ events/);
    const backupFile = path.join(env.BEFFROI_DATA_DIR!, '..', `${path.basename(env.BEFFROI_DATA_DIR!)}.jsonl.gz`);
    const backup = runOrThrow('npm', ['run', '--silent', 'backup', '--', '--out', backupFile], deployDir, env);
    expect(backup).toMatch(/Backup written/);
    fs.rmSync(backupFile, { force: true });
  }, 240_000);

  it('stops the server when `npm start` is sent SIGTERM, and npm exits with it, leaving no process behind', async () => {
    const port = await freePort();
    // Its own process group, so that what is left of it afterwards can be seen.
    const env = { ...serverEnv(port), BEFFROI_SEED_DEMO: 'false' };
    const npm = spawn('npm', ['start'], { cwd: deployDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const output = collectOutput(npm);
    try {
      await waitUntilReady(`http://127.0.0.1:${port}`, npm, output);
      // The signal a supervisor (systemd, docker stop) sends to the process it started: npm alone.
      process.kill(npm.pid!, 'SIGTERM');
      const timeout = setTimeout(() => npm.kill('SIGKILL'), 30_000);
      const result = await exited(npm);
      clearTimeout(timeout);
      expect(result, output()).toEqual({ code: 0, signal: null });
      expect(await portAcceptsConnections(port)).toBe(false);
      // The server shut down gracefully (exit 0 above) rather than being left behind.
      const deadline = Date.now() + 5_000;
      while (processGroupAlive(npm.pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(processGroupAlive(npm.pid!), 'a process of `npm start` is still running').toBe(false);
    } finally {
      if (processGroupAlive(npm.pid!)) process.kill(-npm.pid!, 'SIGKILL');
    }
  }, 240_000);
});
