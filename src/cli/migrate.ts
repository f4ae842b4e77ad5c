import { configOrExit, describeTarget, withDatabase } from '../platform/ops/cli';

/**
 * Applies the database migrations, and nothing else. The server applies them at start too; this
 * command is for a PostgreSQL server where the application runs as a role that may not change the
 * schema (README, Operations): the tables' owner runs it before each upgrade.
 */
async function main() {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    console.log('Usage: npm run db:migrate   (with the DATABASE_URL of the role that owns the tables)');
    return;
  }
  const config = configOrExit();
  console.log(`Migrating the ${describeTarget(config)}…`);
  await withDatabase(config, (database) => database.migrate(), { create: true });
  console.log('Migrations applied.');
}

main().catch((err) => {
  console.error(`Migration FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
