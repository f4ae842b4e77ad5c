import type { ModuleManifest } from '../platform/modules';
import { accountsModule } from './accounts/manifest';
import { assembliesModule } from './assemblies/manifest';
import { assistantModule } from './assistant/manifest';
import { communicationModule } from './communication/manifest';
import { observatoryModule } from './observatory/manifest';
import { participationModule } from './participation/manifest';
import { publicSpaceModule } from './public-space/manifest';
import { territoryModule } from './territory/manifest';
import { trustModule } from './trust/manifest';

/** Every module of Beffroi, in start order. Adding a capability means adding its manifest here. */
export const MODULES: readonly ModuleManifest[] = [accountsModule, trustModule, territoryModule, assistantModule, participationModule, assembliesModule, observatoryModule, publicSpaceModule, communicationModule];
