import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit, type Actor } from '../audit/service';
import type { Db, DbOrTx } from '../db/client';
import { badRequest, type FieldError } from '../http/problem';
import { settings } from './schema';

/**
 * A setting a module declares: its schema, its default, and which fields are secrets
 * (never returned by the API, never written to the audit log in clear).
 */
export interface SettingDefinition<T = unknown> {
  key: string;
  schema: z.ZodType<T>;
  defaultValue: T;
  secretPaths?: string[][];
}

export interface SettingsService {
  /** Pass `tx` when inside a transaction: the embedded database has a single connection. */
  get<T>(key: string, tx?: DbOrTx): Promise<T>;
  /** Value with secrets replaced by `{ set: boolean }` markers, for the API. */
  getPublic(key: string): Promise<unknown>;
  set(tx: DbOrTx, actor: Actor, key: string, value: unknown): Promise<unknown>;
  lastChange(key: string): Promise<Date | null>;
  definitions(): SettingDefinition[];
  /** Drops the in-process cache, e.g. after a restore. */
  invalidate(): void;
}

const CACHE_MS = 2000;

export function createSettingsService(db: Db, defs: SettingDefinition[]): SettingsService {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const cache = new Map<string, { value: unknown; updatedAt: Date | null; at: number }>();

  function definition(key: string): SettingDefinition {
    const def = byKey.get(key);
    if (!def) throw badRequest('settings.unknown_key', `Unknown setting "${key}".`);
    return def;
  }

  async function load(key: string, conn: DbOrTx = db) {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit;
    const def = definition(key);
    const [row] = await conn.select().from(settings).where(eq(settings.key, key));
    const parsed = row ? def.schema.safeParse(row.value) : null;
    const entry = {
      value: parsed?.success ? parsed.data : def.defaultValue,
      updatedAt: row?.updatedAt ?? null,
      at: Date.now(),
    };
    cache.set(key, entry);
    return entry;
  }

  return {
    async get<T>(key: string, tx?: DbOrTx) {
      return (await load(key, tx)).value as T;
    },
    async getPublic(key) {
      const def = definition(key);
      return maskSecrets((await load(key)).value, def.secretPaths ?? []);
    },
    async set(tx, actor, key, value) {
      const def = definition(key);
      // Locked, so that two concurrent updates each audit the value they really replaced.
      const [row] = await tx.select().from(settings).where(eq(settings.key, key)).for('update');
      const before = row ? row.value : def.defaultValue;
      // A secret left out of the update keeps its stored value, so the UI never has to echo it back.
      const merged = keepUnsetSecrets(value, before, def.secretPaths ?? []);
      const parsed = def.schema.safeParse(merged);
      if (!parsed.success) {
        throw badRequest(
          'settings.invalid',
          `Invalid value for setting "${key}".`,
          // Pointers into the request, like the route-level validation errors: `PUT {"value": …}`.
          parsed.error.issues.flatMap((i): FieldError[] => {
            const at = ['/body/value', ...i.path.map(pointerToken)].join('/');
            // An unknown field is reported at the field itself, as the route-level validation does.
            if (i.code === 'unrecognized_keys') {
              return i.keys.map((k) => ({ pointer: `${at}/${pointerToken(k)}`, message: `Unrecognized key: "${k}"`, code: i.code }));
            }
            return [{ pointer: at, message: i.message, code: i.code }];
          }),
        );
      }
      const now = new Date();
      await tx
        .insert(settings)
        .values({ key, value: parsed.data as object, updatedAt: now, updatedBy: actor.id })
        .onConflictDoUpdate({ target: settings.key, set: { value: parsed.data as object, updatedAt: now, updatedBy: actor.id } });
      const secretPaths = def.secretPaths ?? [];
      await recordAudit(tx, actor, {
        action: 'settings.update',
        subjectType: 'setting',
        subjectId: key,
        before: maskSecrets(before, secretPaths),
        after: maskSecrets(parsed.data, secretPaths),
      });
      cache.delete(key);
      return maskSecrets(parsed.data, secretPaths);
    },
    async lastChange(key) {
      return (await load(key)).updatedAt;
    },
    definitions: () => [...byKey.values()],
    invalidate: () => cache.clear(),
  };
}

function pointerToken(key: PropertyKey): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function getPath(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown) {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') return;
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
}

export function maskSecrets(value: unknown, secretPaths: string[][]): unknown {
  if (!secretPaths.length || !value || typeof value !== 'object') return value;
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const p of secretPaths) {
    const v = getPath(copy, p);
    if (v !== undefined) setPath(copy, p, { set: typeof v === 'string' && v.length > 0 });
  }
  return copy;
}

function keepUnsetSecrets(next: unknown, prev: unknown, secretPaths: string[][]): unknown {
  if (!next || typeof next !== 'object') return next;
  const copy = structuredClone(next) as Record<string, unknown>;
  for (const p of secretPaths) {
    const v = getPath(copy, p);
    if (v === undefined || (typeof v === 'object' && v !== null && 'set' in v)) setPath(copy, p, getPath(prev, p) ?? '');
  }
  return copy;
}
