import { assembliesWeb } from '../modules/assemblies/web/manifest';
import { assistantWeb } from '../modules/assistant/web/manifest';
import { communicationWeb } from '../modules/communication/web/manifest';
import { observatoryWeb } from '../modules/observatory/web/manifest';
import { participationWeb } from '../modules/participation/web/manifest';
import { publicSpaceWeb } from '../modules/public-space/web/manifest';
import type { WebModule } from './shell/web-module';

/** Every module's web manifest, in the order their navigation entries tie-break. The only list to edit when adding a module. */
export const WEB_MODULES: readonly WebModule[] = [assistantWeb, participationWeb, assembliesWeb, publicSpaceWeb, observatoryWeb, communicationWeb];
