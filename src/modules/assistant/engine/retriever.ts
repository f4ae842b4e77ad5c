/**
 * Keeps the in-memory search index in step with the database: the index version is read at
 * most every VERSION_CHECK_MS, and a new version rebuilds the snapshot from the stored
 * per-passage terms (no text analysis), so several app processes converge through the database.
 */
import type { DbOrTx } from '../../../platform/db/client';
import { describeProviderError, type EmbeddingsClient, type RerankClient } from '../../../platform/providers/openai';
import { applyRerankScores, RERANK_DEPTH, rerankDocument } from '../retrieval/rerank';
import type { ConfidenceModel } from '../retrieval/confidence';
import type { SearchablePassage, VocabularyEntry } from '../knowledge/types';
import { IndexSnapshot, type SnapshotSearch } from './snapshot';

/** What the retriever reads from the knowledge base (knowledge/index-store.ts). */
export interface KnowledgeSource {
  getIndexVersion(db: DbOrTx): Promise<number>;
  loadSearchablePassages(db: DbOrTx): Promise<SearchablePassage[]>;
  loadVocabulary(db: DbOrTx): Promise<VocabularyEntry[]>;
  loadPassageEmbeddings(db: DbOrTx, model: string): Promise<Map<string, Float32Array>>;
}

export const VERSION_CHECK_MS = 500;

export type RetrievalMode = 'lexical' | 'hybrid' | 'lexical_fallback';

/** Whether a reranking model reordered the candidates: not configured, applied, or failed (order kept). */
export type RerankOutcome = 'off' | 'applied' | 'failed';

export interface Retrieval extends SnapshotSearch {
  mode: RetrievalMode;
  rerank: RerankOutcome;
  indexVersion: number;
  snapshot: IndexSnapshot;
}

/** Building a formatter costs more than a whole retrieval: build it once. */
const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in the commune's time zone: a text valid "until 31 August" is cited all that day in Paris. */
export function todayInParis(now: Date = new Date()): string {
  return PARIS_DATE.format(now);
}

export class Retriever {
  private snapshot: IndexSnapshot | null = null;
  private checkedAt = 0;
  private refreshing: Promise<IndexSnapshot> | null = null;
  /** Dense retrieval failures since start (the question log counts them durably). */
  denseFailures = 0;
  /** Reranking failures since start (each answer's trace records its outcome). */
  rerankFailures = 0;

  constructor(
    private readonly db: DbOrTx,
    private readonly source: KnowledgeSource,
    private readonly log?: { warn(obj: unknown, msg: string): void },
  ) {}

  /** The current snapshot, rebuilt first when the database's index version has changed. */
  async current(): Promise<IndexSnapshot> {
    if (this.snapshot && Date.now() - this.checkedAt < VERSION_CHECK_MS) return this.snapshot;
    // One refresh at a time: concurrent questions wait for the same rebuild.
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Drops the snapshot so that the next question rebuilds it (e.g. after a restore). */
  invalidate(): void {
    this.checkedAt = 0;
    this.snapshot = null;
  }

  private async refresh(): Promise<IndexSnapshot> {
    const version = await this.source.getIndexVersion(this.db);
    this.checkedAt = Date.now();
    if (this.snapshot && this.snapshot.version === version) return this.snapshot;
    const [passages, vocabulary] = await Promise.all([this.source.loadSearchablePassages(this.db), this.source.loadVocabulary(this.db)]);
    const next = new IndexSnapshot(version, passages, vocabulary);
    // Vectors follow the passages: keep the models that were in use.
    for (const model of this.snapshot?.embeddings.keys() ?? []) {
      next.embeddings.set(model, await this.source.loadPassageEmbeddings(this.db, model));
    }
    this.snapshot = next;
    this.checkedAt = Date.now();
    return next;
  }

  private async vectorsFor(snapshot: IndexSnapshot, model: string): Promise<Map<string, Float32Array>> {
    let vectors = snapshot.embeddings.get(model);
    if (!vectors) {
      vectors = await this.source.loadPassageEmbeddings(this.db, model);
      snapshot.embeddings.set(model, vectors);
    }
    return vectors;
  }

  /**
   * Searches `query` (already redacted: it may be sent to the embeddings and reranking providers).
   * Without a provider, or when it fails, the lexical ranking alone is used. The confidence that
   * decides between answering and abstaining comes from the first stage, which it was calibrated
   * on; a reranking model only changes the order of the candidates.
   */
  async retrieve(
    query: string,
    opts: {
      today?: string;
      confidenceModel: ConfidenceModel;
      embeddings: EmbeddingsClient | null;
      reranker?: RerankClient | null;
      limit?: number;
      /** The question is in another language than the documents. */
      foreign?: boolean;
    },
  ): Promise<Retrieval> {
    const snapshot = await this.current();
    const today = opts.today ?? todayInParis();
    let mode: RetrievalMode = 'lexical';
    let dense: { model: string; vector: number[] } | null = null;
    if (opts.embeddings) {
      try {
        const vectors = await this.vectorsFor(snapshot, opts.embeddings.model);
        if (vectors.size > 0) {
          const [vector] = await opts.embeddings.embed([query]);
          if (vector) {
            dense = { model: opts.embeddings.model, vector };
            mode = 'hybrid';
          }
        }
      } catch (err) {
        this.denseFailures++;
        mode = 'lexical_fallback';
        this.log?.warn({ err: describeProviderError(err) }, 'embeddings provider failed; lexical retrieval only');
      }
    }
    const result = snapshot.search(query, { today, confidenceModel: opts.confidenceModel, dense, limit: opts.limit, foreign: opts.foreign === true });
    let rerank: RerankOutcome = 'off';
    if (opts.reranker && result.passages.length > 1) {
      const head = result.passages.slice(0, RERANK_DEPTH);
      try {
        const scores = await opts.reranker.rerank(query, head.map((r) => rerankDocument(r.passage)));
        result.passages = applyRerankScores(result.passages, scores);
        rerank = 'applied';
      } catch (err) {
        this.rerankFailures++;
        rerank = 'failed';
        this.log?.warn({ err: describeProviderError(err) }, 'reranking provider failed; first-stage order kept');
      }
    }
    return { ...result, mode, rerank, indexVersion: snapshot.version, snapshot };
  }
}
