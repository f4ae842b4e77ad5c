/**
 * Knowledge base operations: each state change in one transaction with its audit event and,
 * when searchable content changes, the index version bump.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client';
import { HttpProblem, conflict, notFound } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import { getProviderClients } from '../../../platform/providers/openai';
import { bumpIndexVersion, getIndexVersion } from './index-store';
import { ingestDocument, type IngestHooks, type IngestInput, type IngestResult } from './ingest';
import { assistantDocumentVersions, assistantDocuments, assistantVocabulary } from './schema';
import type { CitationDocument, DocumentStatus, DocumentType, DraftDocumentInput, VocabularyKind } from './types';

export type DocumentRow = typeof assistantDocuments.$inferSelect;

export interface DocumentFilter {
  status?: DocumentStatus;
  type?: DocumentType;
  service?: string;
  q?: string;
  demo?: boolean;
  page: number;
  pageSize: number;
}

export function documentSummary(d: DocumentRow) {
  return {
    id: d.id,
    title: d.title,
    type: d.type,
    service: d.service,
    language: d.language,
    status: d.status,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    sourceUrl: d.sourceUrl,
    demo: d.demo,
    currentVersionId: d.currentVersionId,
    contentHash: d.contentHash,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    updatedBy: d.updatedBy,
    updatedAt: d.updatedAt.toISOString(),
    validatedBy: d.validatedBy,
    validatedAt: d.validatedAt?.toISOString() ?? null,
  };
}
export type DocumentSummary = ReturnType<typeof documentSummary>;

export async function listDocuments(db: DbOrTx, f: DocumentFilter) {
  const where: SQL[] = [];
  if (f.status) where.push(eq(assistantDocuments.status, f.status));
  if (f.type) where.push(eq(assistantDocuments.type, f.type));
  if (f.service) where.push(eq(assistantDocuments.service, f.service));
  if (f.demo !== undefined) where.push(eq(assistantDocuments.demo, f.demo));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        sql`unaccent(${assistantDocuments.title}) ILIKE unaccent(${like})`,
        ilike(assistantDocuments.sourceUrl, like),
      )!,
    );
  }
  const cond = where.length ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(assistantDocuments).where(cond);
  const rows = await db
    .select()
    .from(assistantDocuments)
    .where(cond)
    .orderBy(desc(assistantDocuments.updatedAt), asc(assistantDocuments.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: rows.map(documentSummary), total: Number(total?.n ?? 0), page: f.page, pageSize: f.pageSize };
}

export async function getDocument(db: DbOrTx, id: string) {
  const [doc] = await db.select().from(assistantDocuments).where(eq(assistantDocuments.id, id));
  if (!doc) throw notFound('Document');
  const versions = await db
    .select({
      id: assistantDocumentVersions.id,
      version: assistantDocumentVersions.version,
      title: assistantDocumentVersions.title,
      sourceFormat: assistantDocumentVersions.sourceFormat,
      originalFilename: assistantDocumentVersions.originalFilename,
      contentHash: assistantDocumentVersions.contentHash,
      createdBy: assistantDocumentVersions.createdBy,
      createdAt: assistantDocumentVersions.createdAt,
      length: sql<number>`length(${assistantDocumentVersions.body})`,
    })
    .from(assistantDocumentVersions)
    .where(eq(assistantDocumentVersions.documentId, id))
    .orderBy(desc(assistantDocumentVersions.version));
  const current = doc.currentVersionId
    ? (await db.select({ body: assistantDocumentVersions.body }).from(assistantDocumentVersions).where(eq(assistantDocumentVersions.id, doc.currentVersionId)))[0]
    : undefined;
  return {
    ...documentSummary(doc),
    body: current?.body ?? '',
    versions: versions.map((v) => ({ ...v, length: Number(v.length), createdAt: v.createdAt.toISOString() })),
  };
}

export async function getVersion(db: DbOrTx, documentId: string, versionId: string) {
  const [v] = await db
    .select()
    .from(assistantDocumentVersions)
    .where(and(eq(assistantDocumentVersions.id, versionId), eq(assistantDocumentVersions.documentId, documentId)));
  if (!v) throw notFound('Version');
  return {
    id: v.id,
    documentId: v.documentId,
    version: v.version,
    title: v.title,
    body: v.body,
    sourceFormat: v.sourceFormat,
    originalFilename: v.originalFilename,
    contentHash: v.contentHash,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
  };
}

/** For citations: validated documents only, optionally at the version a citation was made from. */
export async function getDocumentForCitation(db: DbOrTx, id: string, versionId?: string): Promise<(CitationDocument & { versionId: string }) | null> {
  const [doc] = await db
    .select()
    .from(assistantDocuments)
    .where(and(eq(assistantDocuments.id, id), eq(assistantDocuments.status, 'validated')));
  const wanted = versionId ?? doc?.currentVersionId;
  if (!doc || !wanted) return null;
  const [v] = await db
    .select()
    .from(assistantDocumentVersions)
    .where(and(eq(assistantDocumentVersions.id, wanted), eq(assistantDocumentVersions.documentId, id)));
  if (!v) return null;
  return {
    id: doc.id,
    versionId: v.id,
    title: v.title,
    body: v.body,
    sourceUrl: doc.sourceUrl,
    type: doc.type,
    service: doc.service,
    updatedAt: v.createdAt.toISOString(),
    demo: doc.demo,
  };
}

export interface CreateDocumentInput {
  title: string;
  body: string;
  type: DocumentType;
  service: string | null;
  language: string;
  status: 'draft' | 'validated';
  validFrom: string | null;
  validUntil: string | null;
  sourceUrl: string | null;
}

export async function createDocument(db: Db, actor: Actor, input: CreateDocumentInput, hooks?: IngestHooks): Promise<IngestResult> {
  return db.transaction((tx) => ingestDocument(tx, actor, { ...input, format: 'md' }, null, hooks));
}

/** A draft for an editor to review, e.g. a FAQ drafted from an agent's reply to a resident. */
export async function createDraftDocument(tx: Tx | DbOrTx, actor: Actor, input: DraftDocumentInput): Promise<{ id: string }> {
  const r = await ingestDocument(
    tx,
    actor,
    {
      title: input.title,
      body: input.body,
      type: input.type,
      service: input.service,
      language: input.language,
      sourceUrl: input.sourceUrl ?? null,
      validFrom: null,
      validUntil: null,
      status: 'draft',
      format: 'md',
    },
    null,
  );
  return { id: r.documentId };
}

export interface UpdateDocumentInput {
  title?: string;
  body?: string;
  type?: DocumentType;
  service?: string | null;
  language?: string;
  validFrom?: string | null;
  validUntil?: string | null;
  sourceUrl?: string | null;
}

const METADATA_KEYS = ['type', 'service', 'language', 'validFrom', 'validUntil', 'sourceUrl'] as const;

export async function updateDocument(
  db: Db,
  actor: Actor,
  id: string,
  patch: UpdateDocumentInput,
  canValidate: boolean,
  hooks?: IngestHooks,
): Promise<{ document: DocumentSummary; newVersion: boolean }> {
  return db.transaction(async (tx) => {
    const [doc] = await tx.select().from(assistantDocuments).where(eq(assistantDocuments.id, id)).for('update');
    if (!doc) throw notFound('Document');
    if (doc.status === 'validated' && !canValidate) {
      throw new HttpProblem(403, 'knowledge.validation_required', 'Seule une personne habilitée à valider peut modifier un document validé.');
    }
    const validFrom = patch.validFrom !== undefined ? patch.validFrom : doc.validFrom;
    const validUntil = patch.validUntil !== undefined ? patch.validUntil : doc.validUntil;
    if (validFrom && validUntil && validFrom > validUntil) {
      throw new HttpProblem(400, 'knowledge.invalid_validity', 'La date de fin de validité précède la date de début.');
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Partial<DocumentRow> = {};
    for (const k of METADATA_KEYS) {
      if (patch[k] === undefined || patch[k] === doc[k]) continue;
      before[k] = doc[k];
      after[k] = patch[k];
      (set as Record<string, unknown>)[k] = patch[k];
    }
    let newVersion = false;
    if (Object.keys(set).length) {
      await tx
        .update(assistantDocuments)
        .set({ ...set, updatedBy: actor.id, updatedAt: new Date() })
        .where(eq(assistantDocuments.id, id));
      await recordAudit(tx, actor, { action: 'assistant.document.updated', subjectType: 'assistant_document', subjectId: id, before, after });
      if (doc.status === 'validated') await bumpIndexVersion(tx);
    }
    if (patch.title !== undefined || patch.body !== undefined) {
      let body = patch.body;
      if (body === undefined) {
        const [v] = doc.currentVersionId
          ? await tx.select({ body: assistantDocumentVersions.body }).from(assistantDocumentVersions).where(eq(assistantDocumentVersions.id, doc.currentVersionId))
          : [];
        body = v?.body ?? '';
      }
      const r = await ingestDocument(
        tx,
        actor,
        { ...toIngestDefaults({ ...doc, ...set }), title: patch.title ?? doc.title, body, format: 'md' },
        { documentId: id },
        hooks,
      );
      newVersion = r.outcome !== 'unchanged';
    }
    const [fresh] = await tx.select().from(assistantDocuments).where(eq(assistantDocuments.id, id));
    return { document: documentSummary(fresh!), newVersion };
  });
}

function toIngestDefaults(d: DocumentRow): Omit<IngestInput, 'title' | 'body' | 'format'> {
  return {
    type: d.type,
    service: d.service,
    language: d.language,
    sourceUrl: d.sourceUrl,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    status: d.status,
    demo: d.demo,
  };
}

export async function setDocumentStatus(db: Db, actor: Actor, id: string, status: DocumentStatus): Promise<DocumentSummary> {
  return db.transaction(async (tx) => {
    const [doc] = await tx.select().from(assistantDocuments).where(eq(assistantDocuments.id, id)).for('update');
    if (!doc) throw notFound('Document');
    if (doc.status === status) return documentSummary(doc);
    if (status === 'validated' && !doc.currentVersionId) throw conflict('knowledge.no_content', 'Le document n’a pas de contenu à valider.');
    const now = new Date();
    const [row] = await tx
      .update(assistantDocuments)
      .set({
        status,
        updatedBy: actor.id,
        updatedAt: now,
        ...(status === 'validated' ? { validatedBy: actor.id, validatedAt: now } : {}),
      })
      .where(eq(assistantDocuments.id, id))
      .returning();
    if (doc.status === 'validated' || status === 'validated') await bumpIndexVersion(tx);
    const action = status === 'validated' ? 'validated' : status === 'archived' ? 'archived' : 'returned_to_draft';
    await recordAudit(tx, actor, {
      action: `assistant.document.${action}`,
      subjectType: 'assistant_document',
      subjectId: id,
      before: { status: doc.status },
      after: { status, versionId: doc.currentVersionId, contentHash: doc.contentHash },
    });
    return documentSummary(row!);
  });
}

/** Deletes a document with its versions and passages; the audit event keeps what it was. */
export async function deleteDocument(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [doc] = await tx.select().from(assistantDocuments).where(eq(assistantDocuments.id, id)).for('update');
    if (!doc) throw notFound('Document');
    const [versions] = await tx.select({ n: count() }).from(assistantDocumentVersions).where(eq(assistantDocumentVersions.documentId, id));
    await tx.delete(assistantDocuments).where(eq(assistantDocuments.id, id));
    if (doc.status === 'validated') await bumpIndexVersion(tx);
    await recordAudit(tx, actor, {
      action: 'assistant.document.deleted',
      subjectType: 'assistant_document',
      subjectId: id,
      before: { title: doc.title, type: doc.type, status: doc.status, sourceUrl: doc.sourceUrl, contentHash: doc.contentHash, versions: Number(versions?.n ?? 0) },
      after: null,
    });
  });
}

// Vocabulary

export interface VocabularyInput {
  term: string;
  expansions: string[];
  kind: VocabularyKind;
}

function vocabularyItem(r: typeof assistantVocabulary.$inferSelect) {
  return { id: r.id, term: r.term, expansions: r.expansions, kind: r.kind, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export async function listVocabulary(db: DbOrTx) {
  const rows = await db.select().from(assistantVocabulary).orderBy(asc(sql`lower(${assistantVocabulary.term})`));
  return rows.map(vocabularyItem);
}

const cleanExpansions = (list: string[]) => [...new Set(list.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean))];

async function assertTermFree(tx: DbOrTx, term: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: assistantVocabulary.id })
    .from(assistantVocabulary)
    .where(sql`lower(${assistantVocabulary.term}) = lower(${term})`);
  if (clash && clash.id !== exceptId) throw conflict('knowledge.vocabulary_duplicate', `Le terme « ${term} » existe déjà.`);
}

export async function createVocabularyEntry(db: DbOrTx, actor: Actor, input: VocabularyInput) {
  const run = async (tx: DbOrTx) => {
    const term = input.term.replace(/\s+/g, ' ').trim();
    await assertTermFree(tx, term);
    const [row] = await tx
      .insert(assistantVocabulary)
      .values({ id: randomUUID(), term, expansions: cleanExpansions(input.expansions), kind: input.kind, createdBy: actor.id })
      .returning();
    await bumpIndexVersion(tx);
    await recordAudit(tx, actor, { action: 'assistant.vocabulary.created', subjectType: 'assistant_vocabulary', subjectId: row!.id, after: { term, expansions: row!.expansions, kind: row!.kind } });
    return vocabularyItem(row!);
  };
  return 'transaction' in db ? (db as Db).transaction(run) : run(db);
}

export async function updateVocabularyEntry(db: Db, actor: Actor, id: string, patch: Partial<VocabularyInput>) {
  return db.transaction(async (tx) => {
    const [cur] = await tx.select().from(assistantVocabulary).where(eq(assistantVocabulary.id, id)).for('update');
    if (!cur) throw notFound('Vocabulary entry');
    const term = patch.term !== undefined ? patch.term.replace(/\s+/g, ' ').trim() : cur.term;
    if (term.toLowerCase() !== cur.term.toLowerCase()) await assertTermFree(tx, term, id);
    const [row] = await tx
      .update(assistantVocabulary)
      .set({
        term,
        expansions: patch.expansions ? cleanExpansions(patch.expansions) : cur.expansions,
        kind: patch.kind ?? cur.kind,
        updatedAt: new Date(),
      })
      .where(eq(assistantVocabulary.id, id))
      .returning();
    await bumpIndexVersion(tx);
    await recordAudit(tx, actor, {
      action: 'assistant.vocabulary.updated',
      subjectType: 'assistant_vocabulary',
      subjectId: id,
      before: { term: cur.term, expansions: cur.expansions, kind: cur.kind },
      after: { term: row!.term, expansions: row!.expansions, kind: row!.kind },
    });
    return vocabularyItem(row!);
  });
}

export async function deleteVocabularyEntry(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [cur] = await tx.select().from(assistantVocabulary).where(eq(assistantVocabulary.id, id)).for('update');
    if (!cur) throw notFound('Vocabulary entry');
    await tx.delete(assistantVocabulary).where(eq(assistantVocabulary.id, id));
    await bumpIndexVersion(tx);
    await recordAudit(tx, actor, {
      action: 'assistant.vocabulary.deleted',
      subjectType: 'assistant_vocabulary',
      subjectId: id,
      before: { term: cur.term, expansions: cur.expansions, kind: cur.kind },
    });
  });
}

// Embeddings

export const EMBED_JOB = 'assistant.embed_passages';

/**
 * Queues the computation of missing passage embeddings when an embeddings provider is
 * configured; one job per index version, so repeated calls do not pile up jobs.
 */
export async function requestEmbeddings(ctx: Pick<AppContext, 'settings' | 'jobs' | 'db' | 'log'>): Promise<number | null> {
  try {
    const { embeddings } = await getProviderClients(ctx);
    if (!embeddings) return null;
    const version = await getIndexVersion(ctx.db);
    const job = await ctx.jobs.enqueue(ctx.db, EMBED_JOB, { model: embeddings.model }, { idempotencyKey: `${EMBED_JOB}:${embeddings.model}:${version}`, maxAttempts: 3 });
    return job.id;
  } catch (err) {
    ctx.log.warn({ err }, 'could not queue passage embeddings');
    return null;
  }
}
