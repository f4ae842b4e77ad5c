import { verifyAuditChain } from '../platform/audit/service';
import { configOrExit, withDatabase } from '../platform/ops/cli';

async function main() {
  const config = configOrExit();
  const result = await withDatabase(config, (database) => verifyAuditChain(database.db));
  if (result.ok) {
    console.log(`Audit chain intact: ${result.checked} events`);
    process.exit(0);
  }
  const reason = result.firstBroken!.reason === 'hash_mismatch' ? 'its content does not match its hash' : 'it does not follow the previous event';
  console.error(`Audit chain BROKEN at event #${result.firstBroken!.id} (${result.firstBroken!.reason}: ${reason}); ${result.checked} events before it are intact`);
  process.exit(1);
}

main().catch((err) => {
  console.error(`Audit verification FAILED to run: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
