/**
 * Background ingestion. Handlers are idempotent (delivery is at least once): an upload is
 * deleted in the transaction that ingests it, unchanged content writes nothing, and a bulk
 * import is one transaction.
 */
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../../platform/audit/service';
import type { JobHandler, JobRunContext } from '../../../platform/jobs/queue';
import { PermanentJobError } from '../../../platform/jobs/queue';
import type { AppContext } from '../../../platform/modules';
import { loadOutboundPolicy } from '../../../platform/net/outbound';
import { getProviderClients } from '../../../platform/providers/openai';
import { crawlSite, CrawlError, type CrawlReport } from './crawler';
import { IngestionError } from './errors';
import { bumpIndexVersion } from './index-store';
import { ingestDocument, type IngestResult } from './ingest';
import { asIngestionError, extractText } from './parsers';
import { assistantDocuments, assistantPassageEmbeddings, assistantPassages, assistantUploads } from './schema';
import { EMBED_JOB, requestEmbeddings } from './service';
import { importItemSchema } from './api-schemas';
import type { DocumentStatus, DocumentType } from './types';

// A bulk import's document is part of the API (`api-schemas.ts`).
export { importItemSchema };

export const INGEST_FILE_JOB = 'assistant.ingest_file';
export const IMPORT_JSON_JOB = 'assistant.import_json';
export const CRAWL_JOB = 'assistant.crawl';
export const KNOWLEDGE_JOB_KINDS = [INGEST_FILE_JOB, IMPORT_JSON_JOB, CRAWL_JOB, EMBED_JOB] as const;

export type ImportItem = z.infer<typeof importItemSchema>;
export const importPayloadSchema = z.array(importItemSchema).min(1).max(5000);

export interface UploadMetadata {
  title?: string | null;
  type: DocumentType;
  service: string | null;
  language: string;
  status: DocumentStatus;
  sourceUrl: string | null;
  validFrom: string | null;
  validUntil: string | null;
  documentId?: string | null;
}

export interface IngestFilePayload {
  uploadId: string;
  actor: Actor;
  metadata: UploadMetadata;
}

export interface ImportJsonPayload {
  actor: Actor;
  status: DocumentStatus;
  items: ImportItem[];
}

export interface CrawlPayload {
  actor: Actor;
  url: string;
  mode: 'sitemap' | 'crawl';
  maxPages: number;
  maxDepth: number;
  status: DocumentStatus;
  service: string | null;
  requestTimeoutMs?: number;
  totalBudgetMs?: number;
}

export interface KnowledgeJobOptions {
  /** Test hook, see `IngestHooks`. */
  beforeInsertPassages?: () => void | Promise<void>;
}

export function knowledgeJobs(ctx: AppContext, options: KnowledgeJobOptions = {}): Record<string, JobHandler> {
  const hooks = { beforeInsertPassages: options.beforeInsertPassages };

  const ingestFile: JobHandler = async (payload: IngestFilePayload, run: JobRunContext) => {
    const [upload] = await ctx.db.select().from(assistantUploads).where(eq(assistantUploads.id, payload.uploadId));
    // Already ingested (or rejected) by an earlier delivery of this job.
    if (!upload) return { outcome: 'already_processed' };
    await run.reportProgress({ stage: 'extracting', done: 0, total: 1 });
    let extracted: { title: string | null; body: string };
    try {
      // The upload route parsed these bytes already (and refused what it had to); the job parses them
      // again the same way — on a parsing thread, within limits — since only the bytes are stored.
      extracted = await extractText(ctx.files, upload.bytes, { filename: upload.filename, mediaType: upload.mediaType });
    } catch (caught) {
      const err = asIngestionError(caught);
      // The bytes are kept for a retry only while one is still to come.
      if (err instanceof IngestionError || run.job.attempts >= run.job.maxAttempts) {
        await ctx.db.delete(assistantUploads).where(eq(assistantUploads.id, upload.id));
      }
      throw err;
    }
    await run.reportProgress({ stage: 'indexing', done: 0, total: 1 });
    const m = payload.metadata;
    const title = m.title?.trim() || extracted.title || upload.filename.replace(/\.[a-z0-9]+$/i, '');
    const result = await ctx.db.transaction(async (tx) => {
      const r = await ingestDocument(
        tx,
        payload.actor,
        {
          title,
          body: extracted.body,
          type: m.type,
          service: m.service,
          language: m.language,
          sourceUrl: m.sourceUrl,
          validFrom: m.validFrom,
          validUntil: m.validUntil,
          status: m.status,
          format: upload.format,
          originalFilename: upload.filename,
        },
        m.documentId ? { documentId: m.documentId } : { sameContent: true },
        hooks,
      );
      await tx.delete(assistantUploads).where(eq(assistantUploads.id, upload.id));
      return r;
    });
    await run.reportProgress({ stage: 'done', done: 1, total: 1 });
    if (result.outcome !== 'unchanged') await requestEmbeddings(ctx);
    return result;
  };

  const importJson: JobHandler = async (payload: ImportJsonPayload, run: JobRunContext) => {
    const parsed = importPayloadSchema.safeParse(payload.items);
    if (!parsed.success) throw new PermanentJobError(`knowledge.invalid_import: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const items = parsed.data;
    await run.reportProgress({ stage: 'indexing', done: 0, total: items.length });
    // All or nothing: one transaction (progress cannot be written from inside it on PGlite's single connection).
    const results = await ctx.db.transaction(async (tx) => {
      const out: IngestResult[] = [];
      for (const item of items) {
        out.push(
          await ingestDocument(
            tx,
            payload.actor,
            {
              title: item.title,
              body: item.body,
              type: item.type,
              service: item.service ?? null,
              language: item.language,
              sourceUrl: item.sourceUrl ?? null,
              validFrom: item.validFrom ?? null,
              validUntil: item.validUntil ?? null,
              status: payload.status,
              format: 'json',
            },
            item.sourceUrl ? { sourceUrl: item.sourceUrl } : { sameContent: true },
            hooks,
          ),
        );
      }
      return out;
    });
    const summary = countOutcomes(results);
    await run.reportProgress({ stage: 'done', done: items.length, total: items.length, ...summary });
    if (summary.created + summary.updated > 0) await requestEmbeddings(ctx);
    return { ...summary, documents: results.map((r) => ({ documentId: r.documentId, outcome: r.outcome })) };
  };

  const crawl: JobHandler = async (payload: CrawlPayload, run: JobRunContext) => {
    const results: IngestResult[] = [];
    const failures: { url: string; code: string; message: string }[] = [];
    let report: CrawlReport;
    try {
      report = await crawlSite(
        {
          url: payload.url,
          // Read when the job runs: an administrator's change applies to crawls already queued.
          policy: await loadOutboundPolicy(ctx.settings),
          mode: payload.mode,
          maxPages: payload.maxPages,
          maxDepth: payload.maxDepth,
          requestTimeoutMs: payload.requestTimeoutMs,
          totalBudgetMs: payload.totalBudgetMs,
          signal: run.signal,
        },
        async (page) => {
          try {
            // Each page is its own document and its own transaction: a failure loses that page only.
            const r = await ctx.db.transaction((tx) =>
              ingestDocument(
                tx,
                payload.actor,
                {
                  title: page.title ?? page.url,
                  body: page.body,
                  type: 'page',
                  service: payload.service,
                  language: 'fr',
                  sourceUrl: page.url,
                  validFrom: null,
                  validUntil: null,
                  status: payload.status,
                  format: 'crawl',
                },
                { sourceUrl: page.url },
                hooks,
              ),
            );
            results.push(r);
          } catch (err) {
            failures.push({ url: page.url, code: (err as IngestionError).code ?? 'knowledge.ingest_failed', message: (err as Error).message });
          }
          await run.reportProgress({ stage: 'crawling', fetched: results.length + failures.length, ...countOutcomes(results), failed: failures.length, maxPages: payload.maxPages });
          await run.heartbeat();
        },
      );
    } catch (err) {
      if (err instanceof CrawlError) throw new PermanentJobError(`${err.code}: ${err.message}`);
      throw err;
    }
    const summary = countOutcomes(results);
    const errors = [...report.errors, ...failures];
    const outcome = {
      ...summary,
      pagesFound: report.pagesFound,
      pagesFetched: report.pagesFetched,
      skipped: report.skipped.length,
      failed: errors.length,
      stoppedBy: report.stoppedBy,
      errors: errors.slice(0, 200),
      skippedPages: report.skipped.slice(0, 200),
    };
    await run.reportProgress({ stage: 'done', ...outcome, errors: undefined, skippedPages: undefined });
    if (results.length === 0 && errors.length > 0) {
      const first = errors[0]!;
      throw new PermanentJobError(`${first.code}: Aucune page importée (${first.url} : ${first.message})`);
    }
    if (summary.created + summary.updated > 0) await requestEmbeddings(ctx);
    return outcome;
  };

  const embedPassages: JobHandler = async (payload: { model: string }, run: JobRunContext) => {
    const { embeddings } = await getProviderClients(ctx);
    // The provider changed since the job was queued: the job for the new model does the work.
    if (!embeddings || embeddings.model !== payload.model) return { skipped: 'provider_changed' };
    const missing = () =>
      and(
        eq(assistantDocuments.status, 'validated'),
        notExists(
          ctx.db
            .select({ one: sql`1` })
            .from(assistantPassageEmbeddings)
            .where(and(eq(assistantPassageEmbeddings.passageId, assistantPassages.id), eq(assistantPassageEmbeddings.model, embeddings.model))),
        ),
      );
    const [{ total } = { total: 0 }] = await ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(assistantPassages)
      .innerJoin(assistantDocuments, and(eq(assistantDocuments.id, assistantPassages.documentId), eq(assistantDocuments.currentVersionId, assistantPassages.versionId)))
      .where(missing());
    let done = 0;
    for (;;) {
      if (run.signal.aborted) break;
      const batch = await ctx.db
        .select({ id: assistantPassages.id, text: assistantPassages.text, heading: assistantPassages.heading, title: assistantDocuments.title })
        .from(assistantPassages)
        .innerJoin(assistantDocuments, and(eq(assistantDocuments.id, assistantPassages.documentId), eq(assistantDocuments.currentVersionId, assistantPassages.versionId)))
        .where(missing())
        .limit(64);
      if (batch.length === 0) break;
      const vectors = await embeddings.embed(batch.map((p) => [p.title, p.heading, p.text].filter(Boolean).join('\n')));
      if (vectors.length !== batch.length) throw new Error(`embeddings provider returned ${vectors.length} vectors for ${batch.length} texts`);
      await ctx.db.transaction(async (tx) => {
        // Passages replaced while the provider was answering are skipped.
        const alive = new Set(
          (await tx.select({ id: assistantPassages.id }).from(assistantPassages).where(inArray(assistantPassages.id, batch.map((p) => p.id)))).map((r) => r.id),
        );
        const rows = batch.flatMap((p, i) => (alive.has(p.id) ? [{ passageId: p.id, model: embeddings.model, vector: vectors[i]! }] : []));
        if (rows.length) {
          await tx.insert(assistantPassageEmbeddings).values(rows).onConflictDoNothing();
          await bumpIndexVersion(tx);
        }
      });
      done += batch.length;
      await run.reportProgress({ stage: 'embedding', done, total });
      await run.heartbeat();
    }
    return { model: embeddings.model, embedded: done };
  };

  return {
    [INGEST_FILE_JOB]: ingestFile,
    [IMPORT_JSON_JOB]: importJson,
    [CRAWL_JOB]: crawl,
    [EMBED_JOB]: embedPassages,
  };
}

function countOutcomes(results: IngestResult[]) {
  return {
    created: results.filter((r) => r.outcome === 'created').length,
    updated: results.filter((r) => r.outcome === 'updated').length,
    unchanged: results.filter((r) => r.outcome === 'unchanged').length,
  };
}


/**
 * Job handlers for a manifest's static `jobs` record, before the AppContext exists:
 * `getCtx` is called at run time (set it from the manifest's `services(ctx)`).
 */
export function knowledgeJobHandlers(getCtx: () => AppContext, options: KnowledgeJobOptions = {}): Record<string, JobHandler> {
  let built: Record<string, JobHandler> | null = null;
  const handlers: Record<string, JobHandler> = {};
  for (const kind of KNOWLEDGE_JOB_KINDS) {
    handlers[kind] = (payload, run) => {
      built ??= knowledgeJobs(getCtx(), options);
      return built[kind]!(payload, run);
    };
  }
  return handlers;
}
