import path from 'node:path';
import { MODULES } from '../modules/index';
import { createBackup } from '../platform/ops/backup';
import { configOrExit, describeTarget, parseArgs, withDatabase } from '../platform/ops/cli';
import { configuredInstanceKey, instanceKeyFile } from '../platform/secrets/service';
import { CORE_SETTINGS } from '../platform/settings/core';

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
  const instance = configuredInstanceKey(config);
  if (!instance) {
    console.error(
      `Backup FAILED: no instance key (${instanceKeyFile(config)} does not exist and BEFFROI_SECRET is not set). ` +
        "The backup seals the settings' secrets with it: run it with the server's BEFFROI_KEYS_DIR.",
    );
    process.exit(2);
  }
  const settings = [...CORE_SETTINGS, ...MODULES.flatMap((m) => m.settings ?? [])];
  const summary = await withDatabase(config, (database) => createBackup(database, out, { instanceKey: instance.key, settings }));
  for (const t of summary.header.tables) console.log(`  ${t.name.padEnd(32)} ${String(t.rowCount).padStart(9)} rows`);
  console.log(
    `Backup written: ${summary.file} (${summary.totalRows} rows, ${(summary.bytes / 1024).toFixed(1)} KiB, ` +
      `migration ${summary.header.lastMigration?.createdAt ?? 'none'})`,
  );
  console.log(
    `Its secrets (${summary.header.sealedSecrets?.length ?? 0}) are sealed with the instance key: a restore needs ` +
      `${instance.source === 'env' ? 'the same BEFFROI_SECRET' : instanceKeyFile(config)}. Keep that key backed up too, apart from this file.`,
  );
}

main().catch((err) => {
  console.error(`Backup FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
