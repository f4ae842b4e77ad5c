// The assistant's tables, for code that wants them all in one import.
export * from './knowledge/schema';
export * from './conversations/schema';
