/**
 * One entry of the public algorithm register, with the fields that public-sector
 * algorithm registers use (Etalab's guidance for French administrations, the
 * Amsterdam/Helsinki registers, the EU AI Act transparency duties).
 */
export interface RegisterEntry {
  /** Stable identifier, `<module>.<feature>`. */
  id: string;
  module: string;
  name: { fr: string; en: string };
  purpose: { fr: string; en: string };
  organisation: { name: string; contact: string };
  legalBasis: { fr: string; en: string };
  dataUsed: { fr: string; en: string };
  dataSources: string[];
  method: { fr: string; en: string };
  /** The model or provider actually configured right now, e.g. "aucun (extractif)" or "albert: mistral-small". */
  provider: { kind: 'none' | 'openai-compatible'; baseUrl: string | null; model: string | null; label: string };
  humanOversight: { fr: string; en: string };
  howToContest: { fr: string; en: string };
  /** EU AI Act category: minimal, limited (transparency duties), high, or not an AI system. */
  riskCategory: 'not_ai' | 'minimal' | 'limited' | 'high';
  status: 'active' | 'inactive' | 'experimental';
  lastChange: string | null;
}

/** What a module needs to describe its algorithms as they are configured now. */
export interface RegisterContext {
  organisation: { name: string; contact: string };
  providers: ProviderSnapshot;
  /** ISO date of the last change to the settings the entry depends on. */
  settingsChangedAt: string | null;
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
