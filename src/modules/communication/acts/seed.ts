/**
 * Demo content of the acts part: one published session of three fictional deliberations
 * (`demo/acts.ts`), each published with its PDF (`demo/<name>.pdf`, printed once from the text:
 * the law publishes full acts in a non-editable format).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import { recordAudit } from '../../../platform/audit/service';
import type { SeedContext } from '../../../platform/modules';
import { DEMO_ACTS, DEMO_SESSION } from './demo/acts';
import { communicationSessions } from './schema';
import { actNumberOf, insertPreparedAct, PDF_TYPE, publishLoaded, titleOf, type PreparedAct } from './service';
import { analyseAct, extractiveActSummary } from './summarize';

const DEMO_DIR = new URL('./demo/', import.meta.url);
/** The PDF of a demo act, read from the repository (a few KB). */
export const demoPdf = (filename: string) => readFileSync(fileURLToPath(new URL(filename.replace(/\.md$/, '.pdf'), DEMO_DIR)));

export async function seedDemoActs({ ctx, tx }: SeedContext): Promise<void> {
  const [session] = await tx.insert(communicationSessions).values({ ...DEMO_SESSION, demo: true }).returning();
  await recordAudit(tx, SYSTEM_ACTOR, { action: 'communication.session.created', subjectType: 'communication_session', subjectId: session!.id, after: { ...DEMO_SESSION, demo: true } });
  for (const demo of DEMO_ACTS) {
    const bytes = demoPdf(demo.filename);
    const analysed = analyseAct(demo.text);
    const vote = analysed.structure.vote;
    const title = titleOf(analysed) ?? demo.filename;
    const prepared: PreparedAct = {
      filename: demo.filename.replace(/\.md$/, '.pdf'),
      mimetype: PDF_TYPE,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      text: demo.text,
      textStatus: 'ok',
      title,
      number: actNumberOf(demo.text) || demo.number,
      summary: extractiveActSummary(analysed),
      outcome: vote.adopted === false ? 'rejected' : 'adopted',
      votesFor: vote.counts.for ?? null,
      votesAgainst: vote.counts.against ?? null,
      votesAbstention: vote.counts.abstentions ?? null,
      unanimous: vote.unanimous,
    };
    const row = await insertPreparedAct(tx, SYSTEM_ACTOR, session!.id, prepared, { kind: 'deliberation', source: 'demo', demo: true, topics: demo.topics });
    await publishLoaded(ctx, tx, SYSTEM_ACTOR, row, session!);
  }
}
