/**
 * The one place where document text becomes searchable: a new version, its passages
 * (split by the retrieval splitter, analysed by the lexical index) and the index version
 * bump are written in the caller's transaction, so a failure leaves the previous version
 * whole. Unchanged content (same body hash and title) writes nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { DbOrTx } from '../../../platform/db/client';
import { notFound } from '../../../platform/http/problem';
import { stripControlCharacters } from '../../../platform/validation/text';
import { LexicalIndex } from '../retrieval/lexical-index';
import { splitIntoPassages } from '../retrieval/splitter';
import { IngestionError, MESSAGES } from './errors';
import { bumpIndexVersion } from './index-store';
import { normalizeBody } from './parsers/text';
import { assistantDocuments, assistantDocumentVersions, assistantPassages } from './schema';
import type { DocumentStatus, DocumentType, SourceFormat } from './types';

export interface IngestInput {
  title: string;
  body: string;
  type: DocumentType;
  service: string | null;
  language: string;
  sourceUrl: string | null;
  validFrom: string | null;
  validUntil: string | null;
  /** Status of a new document; an existing one keeps its status (validation is an explicit act). */
  status: DocumentStatus;
  demo?: boolean;
  format: SourceFormat;
  originalFilename?: string | null;
}

/** How to find the document this content is a new version of. */
export type IngestMatch = { documentId: string } | { sourceUrl: string } | { sameContent: true } | null;

export interface IngestResult {
  documentId: string;
  versionId: string;
  outcome: 'created' | 'updated' | 'unchanged';
  passages: number;
}

/** Test hook: runs after the old passages are deleted and before the new ones are inserted. */
export interface IngestHooks {
  beforeInsertPassages?: () => void | Promise<void>;
}

const PASSAGE_INSERT_CHUNK = 400;
/** Arbitrary constant: namespaces advisory locks on document identity (source URL, content hash). */
const DOCUMENT_LOCK_NAMESPACE = 7_264_110;

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function ingestDocument(
  tx: DbOrTx,
  actor: Actor,
  input: IngestInput,
  match: IngestMatch,
  hooks: IngestHooks = {},
): Promise<IngestResult> {
  const body = normalizeBody(input.body);
  // A title may come from a file or a page (its first heading, its <title>): same cleaning as the body.
  const title = stripControlCharacters(input.title).replace(/\s+/g, ' ').trim().slice(0, 300);
  if (!body) throw new IngestionError('knowledge.empty_document', MESSAGES.emptyDocument);
  if (!title) throw new IngestionError('knowledge.missing_title', 'Le document n’a pas de titre');
  const contentHash = sha256(body);

  let existing: typeof assistantDocuments.$inferSelect | undefined;
  if (match && 'documentId' in match) {
    [existing] = await tx.select().from(assistantDocuments).where(eq(assistantDocuments.id, match.documentId)).for('update');
    if (!existing) throw notFound('Document');
  } else if (match && 'sourceUrl' in match) {
    // Two crawls of one site must not both create the page's document.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DOCUMENT_LOCK_NAMESPACE}, hashtext(${match.sourceUrl}))`);
    [existing] = await tx
      .select()
      .from(assistantDocuments)
      .where(and(eq(assistantDocuments.sourceUrl, match.sourceUrl), ne(assistantDocuments.status, 'archived')))
      .limit(1)
      .for('update');
  } else if (match && 'sameContent' in match) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DOCUMENT_LOCK_NAMESPACE}, hashtext(${contentHash}))`);
    [existing] = await tx
      .select()
      .from(assistantDocuments)
      .where(and(eq(assistantDocuments.contentHash, contentHash), eq(assistantDocuments.title, title), ne(assistantDocuments.status, 'archived')))
      .limit(1)
      .for('update');
  }

  if (existing && existing.contentHash === contentHash && existing.title === title && existing.currentVersionId) {
    return { documentId: existing.id, versionId: existing.currentVersionId, outcome: 'unchanged', passages: 0 };
  }

  const documentId = existing?.id ?? randomUUID();
  const versionId = randomUUID();
  const now = new Date();
  let versionNumber = 1;
  if (existing) {
    const [row] = await tx
      .select({ max: sql<number>`coalesce(max(${assistantDocumentVersions.version}), 0)` })
      .from(assistantDocumentVersions)
      .where(eq(assistantDocumentVersions.documentId, documentId));
    versionNumber = Number(row?.max ?? 0) + 1;
  } else {
    await tx.insert(assistantDocuments).values({
      id: documentId,
      title,
      type: input.type,
      service: input.service,
      language: input.language,
      status: input.status,
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      sourceUrl: input.sourceUrl,
      demo: input.demo ?? false,
      createdBy: actor.id,
      createdAt: now,
      updatedBy: actor.id,
      updatedAt: now,
      ...(input.status === 'validated' ? { validatedBy: actor.id, validatedAt: now } : {}),
    });
  }
  await tx.insert(assistantDocumentVersions).values({
    id: versionId,
    documentId,
    version: versionNumber,
    title,
    body,
    sourceFormat: input.format,
    originalFilename: input.originalFilename ?? null,
    contentHash,
    createdBy: actor.id,
    createdAt: now,
  });
  const passages = buildPassages(documentId, versionId, title, body);
  await tx.delete(assistantPassages).where(eq(assistantPassages.documentId, documentId));
  await hooks.beforeInsertPassages?.();
  for (let i = 0; i < passages.length; i += PASSAGE_INSERT_CHUNK) {
    await tx.insert(assistantPassages).values(passages.slice(i, i + PASSAGE_INSERT_CHUNK));
  }
  await tx
    .update(assistantDocuments)
    .set({ title, currentVersionId: versionId, contentHash, updatedBy: actor.id, updatedAt: now })
    .where(eq(assistantDocuments.id, documentId));

  const status = existing?.status ?? input.status;
  if (status === 'validated') await bumpIndexVersion(tx);
  await recordAudit(tx, actor, {
    action: existing ? 'assistant.document.version_created' : 'assistant.document.created',
    subjectType: 'assistant_document',
    subjectId: documentId,
    before: existing ? { title: existing.title, versionId: existing.currentVersionId, contentHash: existing.contentHash } : null,
    after: {
      title,
      versionId,
      version: versionNumber,
      contentHash,
      passages: passages.length,
      format: input.format,
      ...(existing ? {} : { type: input.type, service: input.service, status: input.status, sourceUrl: input.sourceUrl, demo: input.demo ?? false }),
    },
  });
  return { documentId, versionId, outcome: existing ? 'updated' : 'created', passages: passages.length };
}

export function buildPassages(documentId: string, versionId: string, title: string, body: string) {
  return splitIntoPassages(body).map((p, ordinal) => {
    const id = randomUUID();
    return {
      id,
      documentId,
      versionId,
      ordinal,
      heading: p.heading,
      text: p.text,
      start: p.start,
      end: p.end,
      terms: LexicalIndex.analyzePassage({ id, docId: documentId, title, heading: p.heading, text: p.text }),
    };
  });
}
