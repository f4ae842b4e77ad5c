import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { BeffroiApp } from '../../../platform/app';
import { queryRows } from '../../../platform/db/client';
import { jobs } from '../../../platform/jobs/schema';
import { frenchAnalyzer } from '../retrieval/analyzer';
import { ask, createAssistantTestApp, startConversation } from '../engine/test-helpers';
import { hasStalePassages, REANALYSE_JOB, reanalyseStalePassages, scheduleReanalysis } from './reanalyse';

describe('passages analysed by an older analyzer', () => {
  let b: BeffroiApp;
  beforeAll(async () => {
    b = await createAssistantTestApp();
  });
  afterAll(async () => {
    await b.close();
  });

  const analyzers = async () =>
    (await queryRows<{ analyzer: string | null; n: number }>(b.ctx.db, sql`SELECT terms->>'analyzer' AS analyzer, count(*)::int AS n FROM assistant_passages GROUP BY 1`)).map(
      (r) => r.analyzer,
    );

  it('are rewritten once with today’s analyzer, and answers stay the same', async () => {
    const question = 'Quels sont les horaires de la déchèterie ?';
    const before = await ask(b, await startConversation(b), question);
    expect(await analyzers()).toEqual([frenchAnalyzer.id]);
    // As stored before analyzers had an id: terms without one (and, here, of no use).
    await b.ctx.db.execute(sql`UPDATE assistant_passages SET terms = jsonb_build_object('text', '[]'::jsonb, 'heading', '[]'::jsonb, 'title', '[]'::jsonb)`);
    expect(await hasStalePassages(b.ctx.db)).toBe(true);

    await scheduleReanalysis(b.ctx);
    await scheduleReanalysis(b.ctx);
    expect((await b.ctx.db.select().from(jobs)).filter((j) => j.kind === REANALYSE_JOB)).toHaveLength(1);
    await b.ctx.jobs.drain();
    expect(await analyzers()).toEqual([frenchAnalyzer.id]);
    expect(await hasStalePassages(b.ctx.db)).toBe(false);
    expect(await reanalyseStalePassages(b.ctx.db)).toBe(0);

    // The rebuilt index reads the rewritten terms: same answer.
    (b.ctx.services.assistant as { engine: { retriever: { invalidate(): void } } }).engine.retriever.invalidate();
    const after = await ask(b, await startConversation(b), question);
    expect(after.decision).toBe(before.decision);
    expect(after.citations.map((c: { passageId: string }) => c.passageId)).toEqual(before.citations.map((c: { passageId: string }) => c.passageId));
  });
});
