import { deriveKey } from '../secrets/service';
import { openSealedText, sealText } from '../secrets/seal';

/**
 * Secrets of the settings (API keys, webhook secrets: the fields a setting declares in
 * `secretPaths`) are SEALED in a backup, with a key derived from the instance key, rather than left
 * out. A restore must give back a working installation — providers and channels that answer —
 * without asking the administrator for keys they may no longer have; and a restore needs the
 * instance key anyway, for what the database itself sealed. A backup file alone (a copy on a shared
 * drive, an off-site bucket) then shows no secret in clear, and opens only with that key.
 */
export interface SealedSecretRef {
  setting: string;
  path: string[];
}

export function backupSecretsKey(instanceKey: Buffer): Buffer {
  return deriveKey(instanceKey, 'platform.backup-secrets');
}

/** Bound to the setting and the field: a sealed value moved to another field does not open. */
function contextOf(ref: SealedSecretRef): string {
  return `beffroi.backup-secret:${JSON.stringify([ref.setting, ...ref.path])}`;
}

/**
 * A settings row's value (jsonb as text) with its non-empty secrets sealed, and which were. The text
 * is re-serialised only when something was sealed; settings are written from JavaScript values, so
 * parsing and serialising them again loses nothing.
 */
export function sealSettingValue(
  key: Buffer,
  setting: string,
  valueText: string,
  secretPaths: readonly string[][],
): { text: string; sealed: SealedSecretRef[] } {
  if (!secretPaths.length) return { text: valueText, sealed: [] };
  const value: unknown = JSON.parse(valueText);
  const sealed: SealedSecretRef[] = [];
  for (const path of secretPaths) {
    const secret = getPath(value, path);
    if (typeof secret !== 'string' || secret.length === 0) continue;
    const ref = { setting, path: [...path] };
    setPath(value, path, sealText(key, secret, contextOf(ref)));
    sealed.push(ref);
  }
  return { text: sealed.length ? JSON.stringify(value) : valueText, sealed };
}

/** The row's value with the listed secrets opened; throws when one is missing or does not open with `key`. */
export function openSettingValue(key: Buffer, valueText: string, refs: readonly SealedSecretRef[]): string {
  if (!refs.length) return valueText;
  let value: unknown;
  try {
    value = JSON.parse(valueText);
  } catch {
    throw new Error(`setting ${refs[0]!.setting}: its value is not JSON`);
  }
  for (const ref of refs) {
    const sealed = getPath(value, ref.path);
    if (typeof sealed !== 'string') throw new Error(`setting ${ref.setting}: no sealed value at ${ref.path.join('.')}`);
    let plain: string;
    try {
      plain = openSealedText(key, sealed, contextOf(ref));
    } catch {
      throw new Error(`setting ${ref.setting}: the secret at ${ref.path.join('.')} does not open with this instance key`);
    }
    setPath(value, ref.path, plain);
  }
  return JSON.stringify(value);
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let o = obj;
  for (const k of path) {
    if (!o || typeof o !== 'object' || Array.isArray(o) || !Object.hasOwn(o, k)) return undefined;
    o = (o as Record<string, unknown>)[k];
  }
  return o;
}

function setPath(obj: unknown, path: readonly string[], value: string) {
  const parent = getPath(obj, path.slice(0, -1));
  if (parent && typeof parent === 'object') (parent as Record<string, unknown>)[path[path.length - 1]!] = value;
}
