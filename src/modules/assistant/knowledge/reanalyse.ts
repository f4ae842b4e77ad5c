/**
 * Passages keep their analysed terms so that an index rebuild does no text analysis. When the
 * analyzer changes (a new stemmer, new rules: its id changes), terms stored by the old one no
 * longer match today's queries; the snapshot re-analyses them on every rebuild, which is correct
 * but costs what storing them was meant to save. This job rewrites them once, in batches.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../platform/db/client';
import type { AppContext } from '../../../platform/modules';
import { frenchAnalyzer } from '../retrieval/analyzer';
import { LexicalIndex } from '../retrieval/lexical-index';
import { assistantDocuments, assistantPassages } from './schema';

export const REANALYSE_JOB = 'assistant.reanalyse_passages';
const BATCH = 500;

/** Passages (aliased `p`) whose terms another analyzer produced. */
function stale() {
  return sql`p.terms->>'analyzer' IS DISTINCT FROM ${frenchAnalyzer.id}`;
}

export async function hasStalePassages(db: DbOrTx): Promise<boolean> {
  return (await queryRows(db, sql`SELECT 1 FROM ${assistantPassages} p WHERE ${stale()} LIMIT 1`)).length > 0;
}

/** Rewrites the terms of every passage analysed by another analyzer; returns how many. */
export async function reanalyseStalePassages(db: DbOrTx): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await queryRows<{ id: string; document_id: string; title: string; heading: string | null; text: string }>(
      db,
      sql`SELECT p.id, p.document_id, d.title, p.heading, p.text
          FROM ${assistantPassages} p JOIN ${assistantDocuments} d ON d.id = p.document_id
          WHERE ${stale()} LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return total;
    const values = rows.map((r) => {
      const terms = LexicalIndex.analyzePassage({ id: r.id, docId: r.document_id, title: r.title, heading: r.heading, text: r.text });
      return sql`(${r.id}::uuid, ${JSON.stringify(terms)}::jsonb)`;
    });
    // A passage replaced meanwhile by a new ingestion is simply not found here any more.
    await db.execute(
      sql`UPDATE ${assistantPassages} AS p SET terms = v.terms FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, terms) WHERE p.id = v.id`,
    );
    total += rows.length;
  }
}

/** Enqueued at start when stale passages exist; one per analyzer version and day. */
export async function scheduleReanalysis(ctx: AppContext): Promise<void> {
  if (!(await hasStalePassages(ctx.db))) return;
  const day = new Date().toISOString().slice(0, 10);
  await ctx.jobs.enqueue(ctx.db, REANALYSE_JOB, {}, { idempotencyKey: `${REANALYSE_JOB}:${frenchAnalyzer.id}:${day}`, maxAttempts: 3 });
}

export function reanalyseJobHandler(ctx: () => AppContext) {
  return async () => ({ reanalysed: await reanalyseStalePassages(ctx().db), analyzer: frenchAnalyzer.id });
}
