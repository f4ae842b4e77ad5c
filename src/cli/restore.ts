import fs from 'node:fs';
import { BackupFileError, restoreBackup, RestoreRefusedError } from '../platform/ops/backup';
import { configOrExit, describeTarget, parseArgs, withDatabase } from '../platform/ops/cli';
import { configuredInstanceKey, InstanceKeyError } from '../platform/secrets/service';

const USAGE = 'Usage: npm run restore -- FILE [--force] [--allow-broken-audit-chain]';

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ['force', 'allow-broken-audit-chain', 'help'], []);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.flags.has('help')) {
    console.log(USAGE);
    return;
  }
  const file = args.positional[0];
  if (!file || args.positional.length > 1) {
    console.error(USAGE);
    process.exit(2);
  }
  if (!fs.existsSync(file)) {
    console.error(`Restore FAILED: no such file ${file}`);
    process.exit(2);
  }
  const config = configOrExit();
  console.log(`Restoring ${file} into the ${describeTarget(config)}…`);
  if (config.database.kind === 'pglite') {
    console.log('(The embedded database serves one process at a time: stop the server before a restore.)');
  }
  // Read before the database is opened: a malformed key file stops here.
  const instanceKey = configuredInstanceKey(config)?.key ?? null;
  const summary = await withDatabase(config, (database) =>
    restoreBackup(database, file, {
      instanceKey,
      force: args.flags.has('force'),
      allowBrokenAuditChain: args.flags.has('allow-broken-audit-chain'),
      onProgress: (m) => console.log(m),
    }),
    { create: true },
  );
  console.log(
    `Restore complete: ${summary.totalRows} rows in ${summary.header.tables.length} tables from the backup of ` +
      `${summary.header.createdAt}; audit chain checked (${summary.auditEvents} events).`,
  );
}

main().catch((err) => {
  const known = err instanceof BackupFileError || err instanceof RestoreRefusedError || err instanceof InstanceKeyError;
  console.error(`Restore FAILED: ${err instanceof Error ? err.message : String(err)}`);
  if (!known && err instanceof Error && err.stack) console.error(err.stack);
  console.error('The target database was left unchanged.');
  process.exit(1);
});
