import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, recordAudit } from '../../../platform/audit/service';
import type { SeedContext } from '../../../platform/modules';
import { loadDemoDocuments, loadDemoVocabulary } from '../demo/documents';
import { bumpIndexVersion } from './index-store';
import { ingestDocument } from './ingest';
import { assistantVocabulary } from './schema';

/**
 * The demo commune's knowledge base, written in the seed transaction (not through jobs) so the
 * assistant answers from the first start. Documents are validated and labelled `demo`.
 */
export async function seedDemoKnowledge({ tx }: Pick<SeedContext, 'tx'> & Partial<SeedContext>): Promise<{ documents: number; vocabulary: number }> {
  const documents = loadDemoDocuments();
  for (const d of documents) {
    await ingestDocument(
      tx,
      SYSTEM_ACTOR,
      {
        title: d.title,
        body: d.body,
        type: d.type,
        service: d.service,
        language: d.language,
        sourceUrl: d.sourceUrl,
        validFrom: d.validFrom,
        validUntil: d.validUntil ?? null,
        status: 'validated',
        demo: true,
        format: 'md',
        originalFilename: `${d.slug}.md`,
      },
      { sourceUrl: d.sourceUrl },
    );
  }
  const vocabulary = loadDemoVocabulary();
  if (vocabulary.length) {
    await tx
      .insert(assistantVocabulary)
      .values(vocabulary.map((v) => ({ id: randomUUID(), term: v.term, expansions: v.expansions, kind: v.kind, createdBy: null })))
      .onConflictDoNothing();
    await bumpIndexVersion(tx);
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'assistant.vocabulary.seeded',
      subjectType: 'assistant_vocabulary',
      after: { terms: vocabulary.map((v) => v.term), demo: true },
    });
  }
  return { documents: documents.length, vocabulary: vocabulary.length };
}
