/**
 * Text that reaches the database without a request schema — a file's or a page's extracted text,
 * what a background job reports — has the control characters a field would refuse removed before
 * storage: PostgreSQL refuses a NUL, so one invisible character used to fail the whole write.
 * (Request fields are refused instead: src/platform/http/control-characters.db.test.ts.)
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type BeffroiApp } from '../../../platform/app';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import { PermanentJobError } from '../../../platform/jobs/queue';
import { jobs } from '../../../platform/jobs/schema';
import type { ModuleManifest } from '../../../platform/modules';
import { openTestDatabase, testBackend, testConfig } from '../../../platform/testing/db';
import { ingestDocument } from './ingest';
import { assistantDocuments, assistantDocumentVersions, assistantPassages } from './schema';
import { fakeAccounts, knowledgeTestModule } from './testing/app';

/** Jobs that quote what they read, as a crawl quotes a page's title in its report. */
const quotingJobs: ModuleManifest = {
  name: 'probe',
  jobs: () => ({
    'probe.report': async (_payload, run) => {
      await run.reportProgress({ stage: 'reading', page: 'Ho\u0000raires' });
      return { pages: [{ title: 'Ho\u0000raires\u001b', url: 'https://mairie.example.fr/horaires' }] };
    },
    'probe.fail': async () => {
      throw new PermanentJobError('knowledge.unreadable: la page « Ho\u0000raires » est illisible');
    },
  }),
};

describe(`control characters from outside a request are removed before storage (${testBackend()})`, () => {
  let beffroi: BeffroiApp;

  beforeAll(async () => {
    beffroi = await createApp({
      config: testConfig(),
      modules: [fakeAccounts, knowledgeTestModule(), quotingJobs],
      database: await openTestDatabase(),
      webRoot: null,
      logger: false,
      startWorkers: false,
    });
  });
  afterAll(async () => {
    await beffroi?.close();
  });

  it("ingests a document whose extracted text and title carry a NUL and other controls (a PDF's text layer can)", async () => {
    const result = await beffroi.ctx.db.transaction((tx) =>
      ingestDocument(
        tx,
        SYSTEM_ACTOR,
        {
          title: 'Ho\u0000raires de la mairie\u0007',
          body: '# Horaires\u0000\n\nLa mairie ouvre\u0000 à 8 h 30.\fPage 2 : fermée le dimanche.\u001b[0m\ud800',
          type: 'page',
          service: null,
          language: 'fr',
          sourceUrl: 'https://mairie.example.fr/horaires.pdf',
          validFrom: null,
          validUntil: null,
          status: 'validated',
          format: 'pdf',
        },
        { sourceUrl: 'https://mairie.example.fr/horaires.pdf' },
      ),
    );
    expect(result.outcome).toBe('created');
    const [doc] = await beffroi.ctx.db.select().from(assistantDocuments).where(eq(assistantDocuments.id, result.documentId));
    const [version] = await beffroi.ctx.db.select().from(assistantDocumentVersions).where(eq(assistantDocumentVersions.id, result.versionId));
    expect(doc!.title).toBe('Horaires de la mairie');
    // The form feed (a page break) parts the two pages instead of gluing their words.
    expect(version!.body).toBe('# Horaires\n\nLa mairie ouvre à 8 h 30.\nPage 2 : fermée le dimanche.[0m\ufffd');
    const passages = await beffroi.ctx.db.select().from(assistantPassages).where(eq(assistantPassages.documentId, result.documentId));
    expect(passages.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-control-regex -- the characters looked for
    for (const p of passages) expect(p.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
  });

  it("stores a job's progress, result and error without the control characters they quote", async () => {
    const done = await beffroi.ctx.jobs.enqueue(beffroi.ctx.db, 'probe.report', {});
    const failed = await beffroi.ctx.jobs.enqueue(beffroi.ctx.db, 'probe.fail', {});
    await beffroi.ctx.jobs.drain();
    const [doneRow] = await beffroi.ctx.db.select().from(jobs).where(eq(jobs.id, done.id));
    expect(doneRow!.status).toBe('succeeded');
    expect(doneRow!.progress).toEqual({ stage: 'reading', page: 'Horaires' });
    expect(doneRow!.result).toEqual({ pages: [{ title: 'Horaires', url: 'https://mairie.example.fr/horaires' }] });
    const [failedRow] = await beffroi.ctx.db.select().from(jobs).where(eq(jobs.id, failed.id));
    expect(failedRow!.status).toBe('failed');
    expect(failedRow!.lastError).toBe('knowledge.unreadable: la page « Horaires » est illisible');
  });
});
