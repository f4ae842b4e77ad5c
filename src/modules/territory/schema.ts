import { integer, jsonb, pgTable, real, text } from 'drizzle-orm/pg-core';

/** The communes the installation serves and their neighbours, with real boundaries and figures. */
export const territoryCommunes = pgTable('territory_communes', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['home', 'neighbour'] }).notNull(),
  departement: text('departement').notNull(),
  population: integer('population'),
  populationYear: integer('population_year'),
  areaKm2: real('area_km2'),
  centroid: jsonb('centroid').notNull(),
  boundary: jsonb('boundary').notNull(),
  /** Published indicators (income, poverty rate, equipment counts) with their year and source ids. */
  indicators: jsonb('indicators').notNull().default({}),
  /** True when the row comes from the demo fixture rather than the commune's own set-up. */
  demo: integer('demo').notNull().default(0),
});

/** Where each figure comes from: shown wherever the data is. */
export const territorySources = pgTable('territory_sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  publisher: text('publisher').notNull(),
  licence: text('licence').notNull(),
  file: text('file').notNull(),
  usedFor: text('used_for').notNull(),
});
