import type { AppContext, ModuleManifest } from '../../platform/modules';
import { currentRetention, retentionSettingKeys } from '../../platform/privacy/retention';
import type { ProviderSnapshot, RegisterContext, RegisterEntry } from '../../platform/register/types';
import { AI_PROVIDERS_KEY, ORGANISATION_KEY, type AiProvidersSetting, type OrganisationSetting } from '../../platform/settings/core';

export function providerSnapshot(p: AiProvidersSetting): ProviderSnapshot {
  return {
    generation: { enabled: p.generation.enabled, baseUrl: p.generation.baseUrl, model: p.generation.model },
    embeddings: { enabled: p.embeddings.enabled, baseUrl: p.embeddings.baseUrl, model: p.embeddings.model },
    reranking: { enabled: p.reranking.enabled, baseUrl: p.reranking.baseUrl, model: p.reranking.model },
  };
}

export async function registerContext(ctx: AppContext): Promise<RegisterContext> {
  const [providers, organisation, retention, ...changes] = await Promise.all([
    ctx.settings.get<AiProvidersSetting>(AI_PROVIDERS_KEY),
    ctx.settings.get<OrganisationSetting>(ORGANISATION_KEY),
    currentRetention(ctx),
    // The retention periods are stated in the entries: changing one dates them too.
    ...[AI_PROVIDERS_KEY, ORGANISATION_KEY, ...retentionSettingKeys(ctx.modules)].map((key) => ctx.settings.lastChange(key)),
  ]);
  const changed = changes.filter((d): d is Date => d !== null).sort((a, b) => +b - +a)[0];
  return {
    organisation: { name: organisation.name, contact: organisation.contactUrl ?? organisation.contactEmail },
    providers: providerSnapshot(providers),
    settingsChangedAt: changed?.toISOString() ?? null,
    retention,
  };
}

/** The register as the running configuration makes it: generated, never written by hand. */
export function buildRegister(modules: readonly ModuleManifest[], rc: RegisterContext): RegisterEntry[] {
  return modules.flatMap((m) => m.registerEntries?.(rc) ?? []);
}

/** Automated features a module declares without a register entry: must be empty. */
export function missingRegisterEntries(modules: readonly ModuleManifest[], rc: RegisterContext): string[] {
  const ids = new Set(buildRegister(modules, rc).map((e) => e.id));
  return modules.flatMap((m) => (m.automatedFeatures ?? []).filter((f) => !ids.has(f)).map((f) => `${m.name}: ${f}`));
}
