// Every table of every module, for drizzle-kit to generate migrations from.
// A module adds its own `schema.ts` here when it owns tables.
export * from '../audit/schema';
export * from '../settings/schema';
export * from '../jobs/schema';
export * from './seeds-schema';
export * from '../secrets/schema';
export * from '../../modules/territory/schema';
export * from '../../modules/assistant/knowledge/schema';
export * from '../../modules/assistant/conversations/schema';
export * from '../../modules/accounts/schema';
export * from '../../modules/assistant/channels/schema';
export * from '../../modules/participation/schema';
export * from '../../modules/observatory/schema';
export * from '../../modules/public-space/schema';
export * from '../../modules/assemblies/schema';
export * from '../../modules/communication/schema';
