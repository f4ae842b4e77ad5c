// The communication module's tables, part by part (listed in src/platform/db/schema.ts).
export * from './acts/schema';
export * from './alerts/schema';
export * from './budget/schema';
export * from './agenda/schema';
