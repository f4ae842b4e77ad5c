/**
 * The knowledge part of the assistant module, as the manifest wires it:
 * routes, job handlers, permissions, the service exported to other parts, the demo seed,
 * and the index store that retrieval reads.
 */
import type { Actor } from '../../../platform/audit/service';
import type { DbOrTx } from '../../../platform/db/client';
import type { AppContext } from '../../../platform/modules';
import { ingestDocument } from './ingest';
import { createDraftDocument, getDocumentForCitation } from './service';
import type { CitationDocument, DraftDocumentInput } from './types';

export { knowledgeRoutes, knowledgePermissions, PERMISSION_MANAGE, PERMISSION_VALIDATE, PERMISSION_VOCABULARY } from './routes';
export { knowledgeJobs, knowledgeJobHandlers, KNOWLEDGE_JOB_KINDS, INGEST_FILE_JOB, IMPORT_JSON_JOB, CRAWL_JOB } from './jobs';
export { seedDemoKnowledge } from './seed';
export { getIndexVersion, loadPassageEmbeddings, loadSearchablePassages, loadVocabulary } from './index-store';
export { requestEmbeddings } from './service';
export type * from './types';

export interface KnowledgeService {
  /** Public view of a validated document for a citation; null when absent or not validated. */
  getDocumentForCitation(id: string, versionId?: string): Promise<(CitationDocument & { versionId: string }) | null>;
  /** A draft document (e.g. a FAQ from an agent's reply), written in the caller's transaction. */
  createDraftDocument(tx: DbOrTx, actor: Actor, input: DraftDocumentInput): Promise<{ id: string }>;
  /**
   * A document another module publishes itself (a council act once published): validated at once,
   * found again by its `sourceUrl` (a new version when its text changed), in the caller's transaction.
   */
  publishDocument(tx: DbOrTx, actor: Actor, input: DraftDocumentInput & { sourceUrl: string; validFrom?: string | null }): Promise<{ id: string }>;
}

export function createKnowledgeService(ctx: Pick<AppContext, 'db'>): KnowledgeService {
  return {
    getDocumentForCitation: (id, versionId) => getDocumentForCitation(ctx.db, id, versionId),
    createDraftDocument: (tx, actor, input) => createDraftDocument(tx, actor, input),
    publishDocument: async (tx, actor, input) => {
      const r = await ingestDocument(
        tx,
        actor,
        { ...input, validFrom: input.validFrom ?? null, validUntil: null, status: 'validated', format: 'md' },
        { sourceUrl: input.sourceUrl },
      );
      return { id: r.documentId };
    },
  };
}
