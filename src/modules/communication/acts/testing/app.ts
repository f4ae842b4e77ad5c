/** A test server with the communication module (and the territory, assistant and participation it depends on), demo seeded. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../../../platform/modules';
import { startModuleServer, testClient, type TestServer } from '../../../../platform/testing/module-server';
import { assistantModule } from '../../../assistant/manifest';
import { participationModule } from '../../../participation/manifest';
import { publicSpaceModule } from '../../../public-space/manifest';
import { territoryModule } from '../../../territory/manifest';
import { communicationModule } from '../../manifest';

export type { Answer, TestServer } from '../../../../platform/testing/module-server';

export function startCommunicationApp(env: Record<string, string> = {}): Promise<TestServer> {
  return startModuleServer([territoryModule, assistantModule, participationModule, publicSpaceModule, communicationModule], env);
}

export function staff(baseUrl: string, role: Role | null = 'agent') {
  return testClient(baseUrl, role);
}

/** `scan-without-text.pdf`: a one-page PDF with an image and no text layer. */
export function fixtureBytes(name: 'scan-without-text.pdf'): Buffer {
  return readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)));
}
