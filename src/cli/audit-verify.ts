import { describeFinding } from '../platform/audit/checkpoint-compare';
import { CheckpointSourceError, loadCheckpointSource, verifyChainAgainstCheckpoints, type CheckpointSource } from '../platform/audit/verify-checkpoints';
import { configOrExit, withDatabase } from '../platform/ops/cli';

const USAGE = `Usage: npm run audit:verify [-- --checkpoints FILE_OR_URL ...] [--key-id KEY_ID ...]

Checks the audit chain, then compares it with signed checkpoints: those stored in the database, and
with --checkpoints, copies kept elsewhere (a saved GET /api/audit/checkpoints, a witness's webhook
body or e-mail attachment) or that URL. --key-id trusts only the signing keys named (SHA-256 of the
public key, as published). Exits 1 when the chain is broken, truncated, rewritten or forked, or a
checkpoint's signature is bad.`;

/** `--name value` and `--name=value`, each option repeatable. */
function parseArguments(argv: string[]): { checkpoints: string[]; keyIds: string[]; help: boolean } {
  const out = { checkpoints: [] as string[], keyIds: [] as string[], help: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === '--help' || name === '-h') {
      out.help = true;
      continue;
    }
    if (name !== '--checkpoints' && name !== '--key-id') throw new Error(`unknown argument ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${name} needs a value`);
    if (name === '--checkpoints') out.checkpoints.push(value);
    else out.keyIds.push(...value.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean));
  }
  return out;
}

const MAX_LINES_PER_KIND = 10;

async function main() {
  let args: ReturnType<typeof parseArguments>;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const config = configOrExit();
  // Sources are read before the database is opened: an unreadable copy is reported as such.
  const sources: CheckpointSource[] = [];
  for (const spec of args.checkpoints) sources.push(await loadCheckpointSource(spec));
  const report = await withDatabase(config, (database) =>
    verifyChainAgainstCheckpoints(database.db, sources, args.keyIds.length ? new Set(args.keyIds) : undefined),
  );
  const { chain, findings } = report;

  let failed = false;
  if (chain.ok) {
    console.log(`Audit chain intact: ${chain.checked} events`);
  } else {
    failed = true;
    const reason = chain.firstBroken!.reason === 'hash_mismatch' ? 'its content does not match its hash' : 'it does not follow the previous event';
    console.error(
      `Audit chain BROKEN at event #${chain.firstBroken!.id} (${chain.firstBroken!.reason}: ${reason}); ${chain.checked} events before it are intact`,
    );
  }
  if (chain.anchor) {
    console.log(
      `Events before #${chain.anchor.eventId} were pruned on ${chain.anchor.prunedAt} (${chain.anchor.size} events, through checkpoint #${chain.anchor.checkpointId}); the chain is verified from that anchor.`,
    );
  }

  const shown = new Map<string, number>();
  for (const f of findings) {
    failed = true;
    const n = (shown.get(f.kind) ?? 0) + 1;
    shown.set(f.kind, n);
    if (n <= MAX_LINES_PER_KIND) console.error(describeFinding(f));
  }
  for (const [kind, n] of shown) {
    if (n > MAX_LINES_PER_KIND) console.error(`… and ${n - MAX_LINES_PER_KIND} more of the kind ${kind}`);
  }

  const from = sources.length ? `${sources.map((s) => s.label).join(', ')} and the database` : 'the database';
  if (report.valid.length === 0) {
    console.log(
      sources.length
        ? `No validly signed checkpoint in ${from}: only the chain itself was checked.`
        : 'No checkpoint stored in the database: only the chain itself was checked (pass --checkpoints with a copy kept elsewhere).',
    );
  } else if (!findings.length) {
    const newest = [...report.valid].sort((a, b) => b.size - a.size)[0]!;
    console.log(
      `Consistent with ${report.valid.length} signed checkpoints from ${from} (the latest covers ${newest.size} events through event #${newest.lastEventId}, signed ${newest.signedAt}; key ${report.keyIds.join(', ')})` +
        (report.pruned.length ? `; ${report.pruned.length} older than the retained chain were not checked` : ''),
    );
  }
  if (report.storedWithUnknownKeys) {
    console.log(`${report.storedWithUnknownKeys} checkpoints stored in the database are signed by keys that no given source publishes: not used.`);
  }
  if (!sources.length && report.valid.length) {
    console.log('Only the checkpoints stored in the database were used: pass --checkpoints with copies kept elsewhere to check against them.');
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  const prefix = err instanceof CheckpointSourceError ? 'Audit verification FAILED to read checkpoints' : 'Audit verification FAILED to run';
  console.error(`${prefix}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
