import path from 'node:path';
import { createBackup } from '../platform/ops/backup';
import { configOrExit, describeTarget, parseArgs, withDatabase } from '../platform/ops/cli';

const USAGE = 'Usage: npm run backup -- [--out FILE]   (default: ./var/backups/beffroi-<date>.jsonl.gz)';

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ['help'], ['out']);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.flags.has('help')) {
    console.log(USAGE);
    return;
  }
  const config = configOrExit();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(args.options.get('out') ?? `./var/backups/beffroi-${stamp}.jsonl.gz`);
  console.log(`Backing up the ${describeTarget(config)}…`);
  if (config.database.kind === 'pglite') {
    console.log('(The embedded database serves one process at a time: stop the server before a backup.)');
  }
  const summary = await withDatabase(config, (database) => createBackup(database, out));
  for (const t of summary.header.tables) console.log(`  ${t.name.padEnd(32)} ${String(t.rowCount).padStart(9)} rows`);
  console.log(
    `Backup written: ${summary.file} (${summary.totalRows} rows, ${(summary.bytes / 1024).toFixed(1)} KiB, ` +
      `migration ${summary.header.lastMigration?.createdAt ?? 'none'})`,
  );
}

main().catch((err) => {
  console.error(`Backup FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
