/**
 * Child process for the crash-safety test: opens the database named by the environment
 * (BEFFROI_DATA_DIR or DATABASE_URL), then writes CRASH_ROWS rows and as many audit events
 * in ONE transaction, reporting on stdout as it goes so the parent can SIGKILL it:
 *   CRASH_MODE=hang-midway   → prints "HALFWAY" mid-transaction and waits there for ever;
 *   CRASH_MODE=after-commit  → prints "COMMITTED" after the commit and waits for ever.
 */
import { sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';

const mode = process.env.CRASH_MODE ?? 'hang-midway';
const total = Number(process.env.CRASH_ROWS ?? 5000);
const auditEvery = 25;
const say = (line: string) => process.stdout.write(`${line}\n`);
const forever = () => new Promise<never>(() => setInterval(() => {}, 60_000));

async function main() {
  const database = await openDatabase(loadConfig().database);
  await database.migrate();
  await database.db.execute(
    sql`CREATE TABLE IF NOT EXISTS crash_rows (batch text NOT NULL, n integer NOT NULL, payload text NOT NULL, PRIMARY KEY (batch, n))`,
  );
  say('READY');
  const batch = process.env.CRASH_BATCH ?? 'batch';
  await database.db.transaction(async (tx) => {
    for (let n = 0; n < total; n++) {
      await tx.execute(sql`INSERT INTO crash_rows (batch, n, payload) VALUES (${batch}, ${n}, ${'x'.repeat(200)})`);
      if (n % auditEvery === 0) {
        await recordAudit(tx, SYSTEM_ACTOR, { action: 'crash.write', subjectType: 'crash_rows', subjectId: `${batch}:${n}` });
      }
      if (n === Math.floor(total / 2)) {
        say('HALFWAY');
        if (mode === 'hang-midway') await forever();
      }
    }
  });
  say('COMMITTED');
  await forever();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
