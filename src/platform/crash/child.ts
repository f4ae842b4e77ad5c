import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface TsChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the child prints `line` on stdout; rejects if it exits first. */
  waitForLine(line: string): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript file of the repo in a fresh Node process (through tsx), with the given environment. */
export function spawnTs(file: string, env: Record<string, string | undefined>, args: string[] = []): TsChild {
  // The parent's test-runner variables must not leak into the child's configuration.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('BEFFROI_') && k !== 'DATABASE_URL' && !k.startsWith('VITEST')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(REPO_ROOT, file), ...args], {
    cwd: REPO_ROOT,
    env: { ...base, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { line: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    const lines = out.split('\n');
    for (const w of [...waiters]) {
      if (lines.includes(w.line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${code ?? signal}) before "${w.line}":\n${out}\n${err}`));
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLine: (line) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ line, resolve, reject });
        check();
        if (child.exitCode !== null || child.signalCode !== null) {
          reject(new Error(`child already exited before "${line}":\n${out}\n${err}`));
        }
      }),
  };
}
