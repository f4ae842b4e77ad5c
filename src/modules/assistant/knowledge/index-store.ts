/**
 * What retrieval reads from the knowledge base, and the index version that tells every
 * app process when to rebuild its in-memory index.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { assistantDocuments, assistantIndexState, assistantPassageEmbeddings, assistantPassages, assistantVocabulary } from './schema';
import type { SearchablePassage, VocabularyEntry } from './types';

export async function getIndexVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ version: assistantIndexState.version }).from(assistantIndexState).where(eq(assistantIndexState.id, 1));
  return row ? Number(row.version) : 0;
}

/**
 * Call in the transaction of every change to searchable passages, their documents'
 * metadata, embeddings or vocabulary: the row lock also serialises concurrent writers,
 * so versions are strictly increasing in commit order.
 */
export async function bumpIndexVersion(tx: DbOrTx): Promise<number> {
  const [row] = await tx
    .insert(assistantIndexState)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({
      target: assistantIndexState.id,
      set: { version: sql`${assistantIndexState.version} + 1`, updatedAt: new Date() },
    })
    .returning({ version: assistantIndexState.version });
  return Number(row!.version);
}

/** Passages of validated documents' current versions; validity dates are checked at query time. */
export async function loadSearchablePassages(db: DbOrTx): Promise<SearchablePassage[]> {
  const rows = await db
    .select({
      id: assistantPassages.id,
      documentId: assistantPassages.documentId,
      versionId: assistantPassages.versionId,
      documentTitle: assistantDocuments.title,
      documentType: assistantDocuments.type,
      sourceUrl: assistantDocuments.sourceUrl,
      language: assistantDocuments.language,
      validFrom: assistantDocuments.validFrom,
      validUntil: assistantDocuments.validUntil,
      heading: assistantPassages.heading,
      text: assistantPassages.text,
      start: assistantPassages.start,
      end: assistantPassages.end,
      terms: assistantPassages.terms,
    })
    .from(assistantPassages)
    .innerJoin(
      assistantDocuments,
      and(eq(assistantDocuments.id, assistantPassages.documentId), eq(assistantDocuments.currentVersionId, assistantPassages.versionId)),
    )
    .where(eq(assistantDocuments.status, 'validated'))
    .orderBy(asc(assistantPassages.documentId), asc(assistantPassages.ordinal));
  return rows;
}

export async function loadVocabulary(db: DbOrTx): Promise<VocabularyEntry[]> {
  const rows = await db
    .select({ term: assistantVocabulary.term, expansions: assistantVocabulary.expansions, kind: assistantVocabulary.kind })
    .from(assistantVocabulary)
    .orderBy(asc(assistantVocabulary.term));
  return rows;
}

/** Embeddings of the searchable passages computed with `model` (another model's vectors are not comparable). */
export async function loadPassageEmbeddings(db: DbOrTx, model: string): Promise<Map<string, Float32Array>> {
  const rows = await db
    .select({ id: assistantPassageEmbeddings.passageId, vector: assistantPassageEmbeddings.vector })
    .from(assistantPassageEmbeddings)
    .innerJoin(assistantPassages, eq(assistantPassages.id, assistantPassageEmbeddings.passageId))
    .innerJoin(
      assistantDocuments,
      and(eq(assistantDocuments.id, assistantPassages.documentId), eq(assistantDocuments.currentVersionId, assistantPassages.versionId)),
    )
    .where(and(eq(assistantPassageEmbeddings.model, model), eq(assistantDocuments.status, 'validated')));
  const out = new Map<string, Float32Array>();
  for (const r of rows) out.set(r.id, Float32Array.from(r.vector));
  return out;
}
