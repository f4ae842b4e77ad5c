import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readKeyFile, readOrCreateKeyFile } from './key-file';

describe('key files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-key-file-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates the key once, 0600 in a 0700 folder, and reads it back afterwards', () => {
    const dir = path.join(root, 'a', 'keys');
    const created: string[] = [];
    const first = readOrCreateKeyFile(dir, 'signing.key', () => Buffer.from('first'), (file) => created.push(file));
    const second = readOrCreateKeyFile(dir, 'signing.key', () => Buffer.from('second'), (file) => created.push(file));
    expect(first.toString()).toBe('first');
    expect(second.toString()).toBe('first');
    expect(created).toEqual([path.join(dir, 'signing.key')]);
    expect(fs.statSync(path.join(dir, 'signing.key')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir)).toEqual(['signing.key']);
    expect(readKeyFile(dir, 'signing.key')?.toString()).toBe('first');
    expect(readKeyFile(dir, 'other.key')).toBeNull();
  });

  it('makes an existing group-readable folder private when it writes a key into it', () => {
    const dir = path.join(root, 'loose');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    readOrCreateKeyFile(dir, 'instance.key', () => Buffer.from('k'));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('keeps the key of a process that created the file first, and does not report a creation', () => {
    const dir = path.join(root, 'race');
    const created: string[] = [];
    // Another process links its file between this one's check and its own link.
    const key = readOrCreateKeyFile(
      dir,
      'instance.key',
      () => {
        fs.writeFileSync(path.join(dir, 'instance.key'), 'winner', { mode: 0o600 });
        return Buffer.from('loser');
      },
      (file) => created.push(file),
    );
    expect(key.toString()).toBe('winner');
    expect(created).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual(['instance.key']);
  });

  it('refuses a name that is a path', () => {
    expect(() => readKeyFile(root, '../escape.key')).toThrow(/Not a key file name/);
    expect(() => readOrCreateKeyFile(root, 'sub/x.key', () => Buffer.from('x'))).toThrow(/Not a key file name/);
  });
});
