import { describe, expect, it } from 'vitest';
import type { ModuleManifest } from '../../platform/modules';
import type { ProviderSnapshot, RegisterContext } from '../../platform/register/types';
import { MODULES } from '../index';
import { buildRegister, missingRegisterEntries } from './register';

const off = { enabled: false, baseUrl: null, model: null };
const on = (model: string) => ({ enabled: true, baseUrl: 'https://albert.api.etalab.gouv.fr/v1', model });

const CONFIGURATIONS: Record<string, ProviderSnapshot> = {
  'no AI provider': { generation: off, embeddings: off, reranking: off },
  'generation on': { generation: on('mistral-small'), embeddings: off, reranking: off },
  'embeddings on': { generation: off, embeddings: on('bge-m3'), reranking: off },
  'reranking on': { generation: off, embeddings: off, reranking: on('bge-reranker-v2-m3') },
  'all on': { generation: on('mistral-small'), embeddings: on('bge-m3'), reranking: on('bge-reranker-v2-m3') },
};

const contextFor = (providers: ProviderSnapshot): RegisterContext => ({
  organisation: { name: 'Commune de Test', contact: 'mairie@test.fr' },
  providers,
  settingsChangedAt: '2025-01-01T00:00:00.000Z',
  retention: [],
});

describe.each(Object.entries(CONFIGURATIONS))('algorithm register with %s', (_label, providers) => {
  const rc = contextFor(providers);
  const entries = buildRegister(MODULES, rc);

  it('has an entry for every automated feature a module declares', () => {
    expect(missingRegisterEntries(MODULES, rc)).toEqual([]);
  });

  it('gives each entry a unique id, its module, and every public-register field', () => {
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const names = new Set(MODULES.map((m) => m.name));
    for (const e of entries) {
      expect(names.has(e.module), `${e.id}: module ${e.module}`).toBe(true);
      for (const field of ['name', 'purpose', 'legalBasis', 'dataUsed', 'method', 'humanOversight', 'howToContest'] as const) {
        expect(e[field].fr.trim(), `${e.id}.${field}.fr`).not.toBe('');
        expect(e[field].en.trim(), `${e.id}.${field}.en`).not.toBe('');
      }
      expect(e.organisation).toEqual(rc.organisation);
      expect(e.provider.label.trim()).not.toBe('');
      // The register names the provider actually configured, never one that is switched off.
      if (e.provider.kind === 'openai-compatible') {
        expect([providers.generation.model, providers.embeddings.model, providers.reranking.model]).toContain(e.provider.model);
      }
    }
  });
});

describe('the register check itself', () => {
  it('reports a module that declares an automated feature without an entry', () => {
    const sneaky: ModuleManifest = { name: 'sneaky', automatedFeatures: ['sneaky.scoring'] };
    expect(missingRegisterEntries([...MODULES, sneaky], contextFor(CONFIGURATIONS['no AI provider']!))).toEqual([
      'sneaky: sneaky.scoring',
    ]);
  });

  it('reports an entry that disappears when a provider is switched on', () => {
    const conditional: ModuleManifest = {
      name: 'conditional',
      automatedFeatures: ['conditional.summary'],
      registerEntries: (rc) => (rc.providers.generation.enabled ? [] : [{ id: 'conditional.summary' } as never]),
    };
    expect(missingRegisterEntries([conditional], contextFor(CONFIGURATIONS['no AI provider']!))).toEqual([]);
    expect(missingRegisterEntries([conditional], contextFor(CONFIGURATIONS['generation on']!))).toEqual([
      'conditional: conditional.summary',
    ]);
  });
});

describe('retention in the register', () => {
  it('states in each entry, and at the end of its data description, the periods of the residents’ data it works on', () => {
    const period = (id: string, days: number, concerns: 'residents' | 'staff', registerEntries: string[]) => ({
      id,
      module: 'assistant',
      concerns,
      data: { fr: `données ${id}`, en: `data ${id}` },
      startsAt: { fr: 'après le dernier message', en: 'after the last message' },
      outcome: 'deleted' as const,
      days,
      setting: null,
      registerEntries,
    });
    const rc: RegisterContext = {
      ...contextFor(CONFIGURATIONS['no AI provider']!),
      retention: [
        period('assistant.kept', 45, 'residents', ['assistant.answers']),
        period('assistant.elsewhere', 7, 'residents', ['assistant.other']),
        period('accounts.staff', 1, 'staff', ['assistant.answers']),
      ],
    };
    const answers = buildRegister(MODULES, rc).find((e) => e.id === 'assistant.answers')!;
    expect(answers.retention).toEqual([
      { data: { fr: 'données assistant.kept', en: 'data assistant.kept' }, startsAt: period('', 0, 'residents', []).startsAt, days: 45, outcome: 'deleted' },
    ]);
    expect(answers.dataUsed.fr).toMatch(/Durées de conservation — données assistant\.kept : 45 jours après le dernier message, puis suppression\.$/);
    expect(answers.dataUsed.en).toMatch(/Retention — data assistant\.kept: 45 days after the last message, then deletion\.$/);
  });
});
