import type { ModuleManifest } from '../platform/modules';
import { trustModule } from './trust/manifest';

/** Every module of Beffroi, in start order. Adding a capability means adding its manifest here. */
export const MODULES: readonly ModuleManifest[] = [trustModule];
