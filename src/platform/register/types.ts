import type { RetentionPeriod } from '../privacy/retention';
import type { RegisterEntry } from './api-schemas';

/** Entries as the route answers them (`api-schemas.ts`: the register's shape, which the web reads too). */
export type { RegisterEntry, RegisterRetention } from './api-schemas';

/** What a module needs to describe its algorithms as they are configured now. */
export interface RegisterContext {
  organisation: { name: string; contact: string };
  providers: ProviderSnapshot;
  /** ISO date of the last change to the settings the entry depends on. */
  settingsChangedAt: string | null;
  /** Retention periods in force (every module's rules, with their configured periods). */
  retention: RetentionPeriod[];
}

export interface ProviderSnapshot {
  generation: { enabled: boolean; baseUrl: string | null; model: string | null };
  embeddings: { enabled: boolean; baseUrl: string | null; model: string | null };
  reranking: { enabled: boolean; baseUrl: string | null; model: string | null };
}

export function providerLabel(p: { enabled: boolean; baseUrl: string | null; model: string | null }): RegisterEntry['provider'] {
  if (!p.enabled || !p.model) {
    return { kind: 'none', baseUrl: null, model: null, label: 'none (runs locally, no AI provider)' };
  }
  let host = p.baseUrl ?? '';
  try {
    host = p.baseUrl ? new URL(p.baseUrl).host : '';
  } catch {
    /* keep the raw value */
  }
  return { kind: 'openai-compatible', baseUrl: p.baseUrl, model: p.model, label: `${p.model} via ${host}` };
}
