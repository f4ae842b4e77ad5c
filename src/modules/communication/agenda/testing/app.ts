/** A test server with the territory module and the communication module's agenda part (demo seeded). */
import type { ModuleManifest } from '../../../../platform/modules';
import { startModuleServer, testClient, type TestServer } from '../../../../platform/testing/module-server';
import { territoryModule } from '../../../territory/manifest';
import { TOPICS_SETTING } from '../../topics';
import { joinParts } from '../../part';
import { agendaPart } from '../part';

export type { TestServer } from '../../../../platform/testing/module-server';

export function agendaOnlyModule(): ModuleManifest {
  const joined = joinParts([agendaPart]);
  return { name: 'communication', dependsOn: ['accounts', 'territory'], ...joined, settings: [TOPICS_SETTING, ...(joined.settings ?? [])] };
}

export function startAgendaApp(env: Record<string, string> = {}): Promise<TestServer> {
  return startModuleServer([territoryModule, agendaOnlyModule()], env);
}

export const staff = testClient;
