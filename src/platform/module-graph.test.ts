import { describe, expect, it } from 'vitest';
import { orderModules, servicesVisibleTo } from './module-graph';
import type { ModuleManifest } from './modules';

const mod = (name: string, dependsOn?: string[]): ModuleManifest => ({ name, ...(dependsOn ? { dependsOn } : {}) });

describe('module start order', () => {
  it('starts each module after its dependencies, keeping the listed order otherwise', () => {
    const order = orderModules([mod('assistant', ['accounts', 'territory']), mod('trust'), mod('territory'), mod('accounts')]);
    expect(order.map((m) => m.name)).toEqual(['accounts', 'territory', 'assistant', 'trust']);
  });

  it('refuses a cycle, naming it', () => {
    expect(() => orderModules([mod('a', ['b']), mod('b', ['c']), mod('c', ['a'])])).toThrow('cycle: a → b → c → a');
  });

  it('refuses an unknown dependency, a self-dependency and a duplicate name', () => {
    expect(() => orderModules([mod('a', ['nope'])])).toThrow('depends on "nope", which is not registered');
    expect(() => orderModules([mod('a', ['a'])])).toThrow('depends on itself');
    expect(() => orderModules([mod('a'), mod('a')])).toThrow('registered twice');
  });
});

describe('services a module may reach', () => {
  const registered = new Set(['accounts', 'assistant', 'territory']);
  const all = { accounts: { who: 'accounts' }, assistant: { who: 'assistant' } } as never;

  it('gives its own and its dependencies’ services', () => {
    const seen = servicesVisibleTo(mod('assistant', ['accounts']), all, registered) as unknown as Record<string, { who: string }>;
    expect(seen.accounts!.who).toBe('accounts');
    expect(seen.assistant!.who).toBe('assistant');
  });

  it('throws on an undeclared module, and on a declared one that exports nothing', () => {
    const seen = servicesVisibleTo(mod('assistant', ['territory']), all, registered) as unknown as Record<string, unknown>;
    expect(() => seen.accounts).toThrow('uses the services of "accounts" without declaring it in dependsOn');
    expect(() => seen.territory).toThrow('exports no services');
    // Inspection by tools (a logger, a test runner) does not throw.
    expect(seen.then).toBeUndefined();
  });
});

describe('manifest naming rules', () => {
  it('wants job kinds and setting keys under the module name', async () => {
    const { manifestProblems } = await import('./module-graph');
    const { z } = await import('zod');
    const m: ModuleManifest = { name: 'participation', settings: [{ key: 'votes.limit', schema: z.number(), defaultValue: 1 }] };
    expect(manifestProblems(m, ['participation.tally', 'assistant.purge'])).toEqual([
      'Module "participation": job kind "assistant.purge" must start with "participation.".',
      'Module "participation": setting key "votes.limit" must start with "participation.".',
    ]);
    expect(manifestProblems({ name: 'participation' }, ['participation.tally'])).toEqual([]);
  });
});
