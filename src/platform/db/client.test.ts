import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';

describe('embedded data directory lock', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-lock-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a data directory another live process holds, and takes over a dead one', async () => {
    const other = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(dataDir, '.beffroi.lock'), String(other.pid));
      await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(/in use by process/);
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
    const database = await openDatabase({ kind: 'pglite', dataDir });
    expect(fs.readFileSync(path.join(dataDir, '.beffroi.lock'), 'utf8')).toBe(String(process.pid));
    await database.close();
    expect(fs.existsSync(path.join(dataDir, '.beffroi.lock'))).toBe(false);
  }, 120_000);
});
