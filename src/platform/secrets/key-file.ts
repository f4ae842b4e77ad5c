import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Key files: keys that must not live in the database they protect (the instance key, the audit
 * checkpoints' signing key) are kept one per file in the keys folder (`config.keysDir`), readable
 * by the server's user only: the file 0600, the folder 0700. The bytes are stored as given; the
 * caller chooses the encoding (text is easier for an administrator to copy into a safe).
 */

/** A key file's path; `name` is a plain file name, never a path. */
export function keyFilePath(dir: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`Not a key file name: ${JSON.stringify(name)}`);
  return path.join(dir, name);
}

/** The content of `dir/name`, or null when there is no such file. */
export function readKeyFile(dir: string, name: string): Buffer | null {
  const file = keyFilePath(dir, name);
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Cannot read the key file ${file}: ${(err as Error).message}`);
  }
}

/**
 * The content of `dir/name`, created from `create()` when the file does not exist yet. Creation is
 * atomic: the key is written and flushed to a temporary file (0600) that is then hard-linked to its
 * name, which fails if the name exists. So processes starting together all end with the same key
 * (the first link wins, the others read it) and none ever reads a half-written file. `onCreate` runs
 * in the process that created the file only, e.g. to log where it is and that it must be backed up.
 */
export function readOrCreateKeyFile(
  dir: string,
  name: string,
  create: () => Buffer,
  onCreate?: (file: string) => void,
): Buffer {
  const existing = readKeyFile(dir, name);
  if (existing) return existing;
  const file = keyFilePath(dir, name);
  ensurePrivateFolder(dir);
  const content = create();
  const temp = path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(temp, file);
      created = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        // Another process won the race: its key is the key.
      } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
        // Some mounted filesystems have no hard links: an exclusive create is the next best thing.
        created = writeExclusive(file, content);
      } else {
        throw err;
      }
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  if (created) {
    syncFolder(dir);
    onCreate?.(file);
    return content;
  }
  const winner = readKeyFile(dir, name);
  if (!winner) throw new Error(`The key file ${file} vanished while it was being created`);
  return winner;
}

/** Creates `dir` (and its parents) if needed, and makes it private to the server's user. */
function ensurePrivateFolder(dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    if ((fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  } catch {
    // A folder owned by someone else (a mounted secret volume): its owner decides; the file itself is still 0600.
  }
}

function writeExclusive(file: string, content: Buffer): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Makes the new directory entry durable: a crash right after start must not lose a key already in use. */
function syncFolder(dir: string) {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not every platform can fsync a directory; the file's own content is already flushed.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
