import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit, type Actor } from '../audit/service';
import type { Db, DbOrTx } from '../db/client';
import { fieldErrorsFromIssues } from '../http/field-errors';
import { badRequest, HttpProblem, type FieldError } from '../http/problem';
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
  /**
   * Secrets bound to sibling fields (by name, in the same object): when one of them changes, the
   * stored secret is not carried over, and the update must give the secret again (or an empty
   * one). Otherwise an administrator could send a stored API key to a server of their choice by
   * changing only its URL.
   */
  secretBindings?: { secret: string[]; siblings: string[] }[];
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
    if (!def) throw new HttpProblem(400, 'settings.unknown_key', `Unknown setting "${key}".`, { params: { key } });
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
      const merged = keepUnsetSecrets(value, before, def.secretPaths ?? [], def.secretBindings ?? []);
      const parsed = def.schema.safeParse(merged, { reportInput: true });
      if (!parsed.success) {
        // Pointers into the request, like the route-level validation errors: `PUT {"value": …}`.
        throw new HttpProblem(400, 'settings.invalid', `Invalid value for setting "${key}".`, {
          errors: fieldErrorsFromIssues(parsed.error.issues, '/body/value'),
          params: { key },
        });
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
  // A JSON copy, not structuredClone: that keeps objects shared between paths (a default built from
  // one constant), and masking the first would then decide the marker of the others.
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const p of secretPaths) {
    const v = getPath(copy, p);
    if (v !== undefined) setPath(copy, p, { set: typeof v === 'string' && v.length > 0 });
  }
  return copy;
}

function keepUnsetSecrets(
  next: unknown,
  prev: unknown,
  secretPaths: string[][],
  bindings: NonNullable<SettingDefinition['secretBindings']>,
): unknown {
  if (!next || typeof next !== 'object') return next;
  const copy = structuredClone(next) as Record<string, unknown>;
  const refused: FieldError[] = [];
  for (const p of secretPaths) {
    const v = getPath(copy, p);
    if (!(v === undefined || (typeof v === 'object' && v !== null && 'set' in v))) continue;
    const stored = getPath(prev, p);
    const moved = changedSiblings(next, prev, p, bindings);
    if (moved.length && typeof stored === 'string' && stored.length > 0) {
      refused.push({
        pointer: ['/body/value', ...p.map(pointerToken)].join('/'),
        message: `${moved.join(', ')} changed: give the key again for the new value (or an empty one), the stored key is not sent elsewhere`,
        code: 'secret_required',
      });
      continue;
    }
    setPath(copy, p, stored ?? '');
  }
  if (refused.length) {
    throw badRequest('settings.secret_required', 'A stored secret is not carried over when the fields it is bound to change.', refused);
  }
  return copy;
}

/** The sibling fields bound to the secret at `secretPath` whose value the update changes. */
function changedSiblings(
  next: unknown,
  prev: unknown,
  secretPath: string[],
  bindings: NonNullable<SettingDefinition['secretBindings']>,
): string[] {
  const parent = secretPath.slice(0, -1);
  const binding = bindings.find((b) => isDeepStrictEqual(b.secret, secretPath));
  return (binding?.siblings ?? []).filter((s) => !isDeepStrictEqual(getPath(next, [...parent, s]), getPath(prev, [...parent, s])));
}
