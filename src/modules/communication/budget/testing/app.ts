/** A test server with the communication module's budget part alone (demo seeded). */
import type { ModuleManifest } from '../../../../platform/modules';
import { startModuleServer, testClient, type TestServer } from '../../../../platform/testing/module-server';
import { joinParts } from '../../part';
import { budgetPart } from '../part';

export type { TestServer } from '../../../../platform/testing/module-server';

export function budgetOnlyModule(): ModuleManifest {
  return { name: 'communication', dependsOn: ['accounts'], ...joinParts([budgetPart]) };
}

export function startBudgetApp(env: Record<string, string> = {}): Promise<TestServer> {
  return startModuleServer([budgetOnlyModule()], env);
}

export const staff = testClient;
