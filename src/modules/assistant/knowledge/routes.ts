/**
 * Knowledge base HTTP API: back-office (`assistant-admin`) and the public citation view
 * (`assistant`). Thin: validation here, work in service.ts / jobs.ts.
 */
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { jobs as jobsTable } from '../../../platform/jobs/schema';
import { actorOf, requirePermission } from '../../../platform/http/guards';
import { fieldErrorsFromIssues } from '../../../platform/http/field-errors';
import { HttpProblem, badRequest, notFound } from '../../../platform/http/problem';
import { readFileUpload } from '../../../platform/http/multipart';
import type { App, AppContext } from '../../../platform/modules';
import { checkOutboundTarget, loadOutboundPolicy } from '../../../platform/net/outbound';
import {
  citedDocumentQuery,
  citedDocumentSchema,
  crawlBody,
  createDocumentBody,
  documentDetailSchema,
  documentPageSchema,
  documentSchema,
  documentsQuery,
  documentUpdatedSchema,
  idParams,
  importAcceptedSchema,
  importBody,
  jobAcceptedSchema,
  jobListSchema,
  jobParams,
  jobSchema,
  jobsQuery,
  updateDocumentBody,
  uploadAcceptedSchema,
  uploadFields,
  uploadPolicySchema,
  versionParams,
  versionSchema,
  vocabularyBody,
  vocabularyListSchema,
  vocabularySchema,
} from './api-schemas';
import { IngestionError, parseJobError } from './errors';
import { CRAWL_JOB, IMPORT_JSON_JOB, INGEST_FILE_JOB, KNOWLEDGE_JOB_KINDS, type UploadMetadata } from './jobs';
import { extractText, KNOWLEDGE_FILE_FORMATS, type FileFormat } from './parsers';
import { assistantDocuments, assistantUploads } from './schema';
import {
  createDocument,
  createVocabularyEntry,
  deleteDocument,
  deleteVocabularyEntry,
  getDocument,
  getDocumentForCitation,
  getVersion,
  listDocuments,
  listVocabulary,
  requestEmbeddings,
  setDocumentStatus,
  updateDocument,
  updateVocabularyEntry,
} from './service';

// The multipart fields are checked by the route itself; `control-characters.db.test.ts` walks them from here.
export { uploadFields };

export const PERMISSION_MANAGE = 'assistant.documents.manage';
export const PERMISSION_VALIDATE = 'assistant.documents.validate';
export const PERMISSION_VOCABULARY = 'assistant.vocabulary.manage';

export const knowledgePermissions = [
  { id: PERMISSION_MANAGE, description: 'Draft, import and edit documents of the assistant knowledge base', roles: ['agent', 'moderator'] },
  { id: PERMISSION_VALIDATE, description: 'Validate, archive and edit validated documents (what the assistant may cite)', roles: ['moderator'] },
  { id: PERMISSION_VOCABULARY, description: "Manage the assistant's vocabulary (synonyms, acronyms)", roles: ['agent', 'moderator'] },
] satisfies { id: string; description: string; roles: ('agent' | 'moderator' | 'analyst')[] }[];

const ADMIN = ['assistant-admin'];
const PUBLIC = ['assistant'];

function can(ctx: AppContext, request: FastifyRequest, permission: string): boolean {
  const staff = request.staff;
  if (!staff) return false;
  return staff.role === 'admin' || (ctx.permissions.get(staff.role)?.has(permission) ?? false);
}

function requireValidator(ctx: AppContext, request: FastifyRequest) {
  if (!can(ctx, request, PERMISSION_VALIDATE)) {
    throw new HttpProblem(403, 'knowledge.validation_required', 'Seule une personne habilitée à valider peut publier ou retirer un document.');
  }
}

export function jobView(j: typeof jobsTable.$inferSelect) {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    progress: j.progress ?? null,
    result: j.result ?? null,
    error: j.status === 'succeeded' ? null : parseJobError(j.lastError),
    attempts: j.attempts,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

export async function knowledgeRoutes(app: App, ctx: AppContext): Promise<void> {
  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, {
      limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 20, fieldSize: 10_000, parts: 25 },
    });
    const manage = requirePermission(ctx, PERMISSION_MANAGE);
    const vocabulary = requirePermission(ctx, PERMISSION_VOCABULARY);

    scope.get(
      '/api/admin/assistant/documents',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Knowledge base documents, newest change first; filter by status, type, service or title',
          querystring: documentsQuery,
          response: { 200: documentPageSchema },
        },
      },
      async (request) => listDocuments(ctx.db, request.query),
    );

    scope.post(
      '/api/admin/assistant/documents',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Create a document from Markdown (status validated needs the validate permission); it is split and indexed at once',
          body: createDocumentBody,
          response: { 201: documentDetailSchema },
        },
      },
      async (request, reply) => {
        if (request.body.status === 'validated') requireValidator(ctx, request);
        const r = await createDocument(ctx.db, actorOf(request), request.body);
        await requestEmbeddings(ctx);
        reply.status(201);
        return getDocument(ctx.db, r.documentId);
      },
    );

    scope.get(
      '/api/admin/assistant/documents/upload-policy',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'What an upload may be: the largest file accepted, in bytes, and the kinds of document read',
          response: { 200: uploadPolicySchema },
        },
      },
      async () => ({ maxBytes: ctx.config.uploadLimit, formats: [...KNOWLEDGE_FILE_FORMATS] }),
    );

    scope.post(
      '/api/admin/assistant/documents/upload',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary:
            'Upload a Markdown, HTML, text, PDF or DOCX file (multipart field `file`, plus optional fields title, type, service, status, validFrom, validUntil, sourceUrl, language, documentId for a new version); 202 with the ingestion job. The file is read at once on a parsing thread, its type from its content: 413 `file.*` past a size limit (bytes, decompressed size, text length, pages), 422 for a disguised, unreadable, scanned or too costly file',
          consumes: ['multipart/form-data'],
          response: { 202: uploadAcceptedSchema },
        },
      },
      async (request, reply) => {
        // The name and type are the client's description of the file, not fields to correct: a control
        // character in them (`filename*=UTF-8''a%00b.md`) is dropped, not stored.
        const { file, fields } = await readFileUpload(request, { uploadLimit: ctx.config.uploadLimit, problemCode: 'knowledge.upload_fields', defaultFilename: 'document' });
        if (!file) throw badRequest('knowledge.file_missing', 'Aucun fichier reçu (champ « file »).');
        if (file.bytes.length === 0) throw badRequest('knowledge.file_empty', 'Le fichier est vide.');
        const parsed = uploadFields.safeParse(fields, { reportInput: true });
        if (!parsed.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsed.error.issues, '/body'));
        const meta = parsed.data;
        if (meta.status === 'validated') requireValidator(ctx, request);
        if (meta.documentId) {
          const [doc] = await ctx.db.select({ status: assistantDocuments.status }).from(assistantDocuments).where(eq(assistantDocuments.id, meta.documentId));
          if (!doc) throw notFound('Document');
          if (doc.status === 'validated') requireValidator(ctx, request);
        }
        // Parsed now, on a parsing thread and within limits: a disguised, unreadable or hostile file
        // (a ZIP bomb) is answered with its problem at once, and nothing of it is stored.
        let format: FileFormat;
        try {
          ({ format } = await extractText(ctx.files, file.bytes, { filename: file.filename, mediaType: file.mimetype }));
        } catch (err) {
          if (err instanceof IngestionError) throw new HttpProblem(422, err.code, err.detail);
          throw err;
        }
        const uploadId = randomUUID();
        const actor = actorOf(request);
        const metadata: UploadMetadata = {
          title: meta.title ?? null,
          type: meta.type,
          service: meta.service ?? null,
          language: meta.language,
          status: meta.status,
          sourceUrl: meta.sourceUrl ?? null,
          validFrom: meta.validFrom ?? null,
          validUntil: meta.validUntil ?? null,
          documentId: meta.documentId ?? null,
        };
        const job = await ctx.db.transaction(async (tx) => {
          await tx.insert(assistantUploads).values({
            id: uploadId,
            filename: file.filename.slice(0, 255),
            mediaType: file.mimetype,
            format,
            size: file.bytes.length,
            bytes: file.bytes,
            createdBy: actor.id,
          });
          return ctx.jobs.enqueue(tx, INGEST_FILE_JOB, { uploadId, actor, metadata }, { idempotencyKey: `${INGEST_FILE_JOB}:${uploadId}`, maxAttempts: 3 });
        });
        reply.status(202);
        return { jobId: job.id, status: job.status, uploadId };
      },
    );

    scope.post(
      '/api/admin/assistant/documents/import',
      {
        preHandler: manage,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit),
        schema: {
          tags: ADMIN,
          summary:
            'Bulk JSON import: an array of { title, body, type, service?, sourceUrl?, validFrom?, validUntil?, language? } (or { status, documents }); all or nothing, in a background job',
          body: importBody,
          response: { 202: importAcceptedSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const items = Array.isArray(body) ? body : body.documents;
        const status = Array.isArray(body) ? 'draft' : body.status;
        if (status === 'validated') requireValidator(ctx, request);
        const job = await ctx.jobs.enqueue(ctx.db, IMPORT_JSON_JOB, { actor: actorOf(request), status, items }, { maxAttempts: 3 });
        reply.status(202);
        return { jobId: job.id, status: job.status, documents: items.length };
      },
    );

    scope.post(
      '/api/admin/assistant/crawls',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary:
            'Import a website from its sitemap (mode sitemap: url is the sitemap) or by crawling from a root page (same host, robots.txt obeyed, depth and page limits); 202 with the job. A URL the outbound policy refuses (setting platform.outbound: internal, loopback or metadata addresses, hosts outside the allow-list) is a 422 outbound.* problem',
          body: crawlBody,
          response: { 202: jobAcceptedSchema },
        },
      },
      async (request, reply) => {
        if (request.body.status === 'validated') requireValidator(ctx, request);
        // Refused at once rather than in the job, which checks again (and at every request) when it runs.
        await checkOutboundTarget(request.body.url, { policy: await loadOutboundPolicy(ctx.settings) });
        const job = await ctx.jobs.enqueue(ctx.db, CRAWL_JOB, { actor: actorOf(request), ...request.body }, { maxAttempts: 2 });
        reply.status(202);
        return { jobId: job.id, status: job.status };
      },
    );

    scope.get(
      '/api/admin/assistant/jobs',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Recent knowledge ingestion jobs (uploads, imports, crawls, embeddings), newest first',
          querystring: jobsQuery,
          response: { 200: jobListSchema },
        },
      },
      async (request) => {
        const rows = await ctx.db
          .select()
          .from(jobsTable)
          .where(inArray(jobsTable.kind, [...KNOWLEDGE_JOB_KINDS]))
          .orderBy(desc(jobsTable.id))
          .limit(request.query.limit);
        return { jobs: rows.map(jobView) };
      },
    );

    scope.get(
      '/api/admin/assistant/jobs/:id',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Status, progress, result and error (code and French message) of an ingestion job',
          params: jobParams,
          response: { 200: jobSchema },
        },
      },
      async (request) => {
        const [job] = await ctx.db
          .select()
          .from(jobsTable)
          .where(and(eq(jobsTable.id, request.params.id), inArray(jobsTable.kind, [...KNOWLEDGE_JOB_KINDS])));
        if (!job) throw notFound('Job');
        return jobView(job);
      },
    );

    scope.get(
      '/api/admin/assistant/documents/:id',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'A document with its current body and version history',
          params: idParams,
          response: { 200: documentDetailSchema },
        },
      },
      async (request) => getDocument(ctx.db, request.params.id),
    );

    scope.get(
      '/api/admin/assistant/documents/:id/versions/:versionId',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'One version of a document, with its full text',
          params: versionParams,
          response: { 200: versionSchema },
        },
      },
      async (request) => getVersion(ctx.db, request.params.id, request.params.versionId),
    );

    scope.patch(
      '/api/admin/assistant/documents/:id',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Edit metadata and/or content (a new title or body makes a new version); a validated document needs the validate permission',
          params: idParams,
          body: updateDocumentBody,
          response: { 200: documentUpdatedSchema },
        },
      },
      async (request) => {
        const r = await updateDocument(ctx.db, actorOf(request), request.params.id, request.body, can(ctx, request, PERMISSION_VALIDATE));
        if (r.newVersion) await requestEmbeddings(ctx);
        return { ...(await getDocument(ctx.db, request.params.id)), newVersion: r.newVersion };
      },
    );

    for (const [action, status] of [
      ['validate', 'validated'],
      ['archive', 'archived'],
      ['unpublish', 'draft'],
    ] as const) {
      scope.post(
        `/api/admin/assistant/documents/:id/${action}`,
        {
          preHandler: manage,
          schema: {
            tags: ADMIN,
            summary:
              action === 'validate'
                ? 'Validate a document: the assistant may cite it from now on (within its validity dates)'
                : action === 'archive'
                  ? 'Archive a document: the assistant stops citing it'
                  : 'Return a document to draft: the assistant stops citing it until it is validated again',
            params: idParams,
            response: { 200: documentSchema },
          },
        },
        async (request) => {
          requireValidator(ctx, request);
          const doc = await setDocumentStatus(ctx.db, actorOf(request), request.params.id, status);
          if (status === 'validated') await requestEmbeddings(ctx);
          return doc;
        },
      );
    }

    scope.delete(
      '/api/admin/assistant/documents/:id',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Delete a document, its versions and passages (a validated one needs the validate permission); the audit log keeps the record',
          params: idParams,
        },
      },
      async (request, reply) => {
        const [doc] = await ctx.db.select({ status: assistantDocuments.status }).from(assistantDocuments).where(eq(assistantDocuments.id, request.params.id));
        if (!doc) throw notFound('Document');
        if (doc.status === 'validated') requireValidator(ctx, request);
        await deleteDocument(ctx.db, actorOf(request), request.params.id);
        return reply.status(204).send();
      },
    );

    scope.get(
      '/api/admin/assistant/vocabulary',
      {
        preHandler: vocabulary,
        schema: { tags: ADMIN, summary: "The commune's vocabulary used to expand questions", response: { 200: vocabularyListSchema } },
      },
      async () => ({ items: await listVocabulary(ctx.db) }),
    );
    scope.post(
      '/api/admin/assistant/vocabulary',
      {
        preHandler: vocabulary,
        schema: { tags: ADMIN, summary: 'Add an acronym or synonym (applies to the next question)', body: vocabularyBody, response: { 201: vocabularySchema } },
      },
      async (request, reply) => {
        reply.status(201);
        return createVocabularyEntry(ctx.db, actorOf(request), request.body);
      },
    );
    scope.patch(
      '/api/admin/assistant/vocabulary/:id',
      {
        preHandler: vocabulary,
        schema: { tags: ADMIN, summary: 'Change a vocabulary entry', params: idParams, body: vocabularyBody.partial(), response: { 200: vocabularySchema } },
      },
      async (request) => updateVocabularyEntry(ctx.db, actorOf(request), request.params.id, request.body),
    );
    scope.delete(
      '/api/admin/assistant/vocabulary/:id',
      { preHandler: vocabulary, schema: { tags: ADMIN, summary: 'Remove a vocabulary entry', params: idParams } },
      async (request, reply) => {
        await deleteVocabularyEntry(ctx.db, actorOf(request), request.params.id);
        return reply.status(204).send();
      },
    );

    scope.get(
      '/api/assistant/documents/:id',
      {
        schema: {
          tags: PUBLIC,
          summary: 'A validated document as cited by the assistant (optionally at the version the citation was made from)',
          params: idParams,
          querystring: citedDocumentQuery,
          response: { 200: citedDocumentSchema },
        },
      },
      async (request) => {
        const doc = await getDocumentForCitation(ctx.db, request.params.id, request.query.version);
        if (!doc) throw notFound('Document');
        return doc;
      },
    );
  });
}

