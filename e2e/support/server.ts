import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  adminEmail: string;
  adminPassword: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (e.g. to test a second start); a fresh temporary one by default. */
  dataDir?: string;
  readyTimeoutMs?: number;
  /** The API alone is enough for load benchmarks. */
  requireWeb?: boolean;
}

/** Asks the OS for a free port, so that parallel runs do not collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server (`src/cli/serve.ts`) as a child process on a fresh embedded database
 * and waits until `/readyz` answers. The built SPA must exist (`npm run build:web`).
 */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  if (opts.requireWeb !== false && !fs.existsSync(path.join(REPO_ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build:web` before the end-to-end tests.');
  }
  const port = await freePort();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-e2e-'));
  const adminEmail = 'admin@e2e.beffroi.test';
  const adminPassword = 'e2e-admin-password-2024';
  let log = '';

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'cli', 'serve.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BEFFROI_DATA_DIR: dataDir,
      BEFFROI_ADMIN_EMAIL: adminEmail,
      BEFFROI_ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      DATABASE_URL: '',
      // One browser on loopback runs a whole file's journeys within a minute or two: far more
      // requests from one address than the per-address limit lets through (its own tests are in
      // the db suite). Without this a late test meets a 429 instead of the answer it checks.
      BEFFROI_RATE_LIMIT_PER_MINUTE: '100000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before being ready:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server was not ready in time:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      ready = res.ok;
    } catch {
      /* not listening yet */
    }
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    port,
    dataDir,
    adminEmail,
    adminPassword,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
