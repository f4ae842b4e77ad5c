/**
 * The contract between the knowledge base (documents, ingestion, passages) and the
 * answering engine. The engine only ever reads searchable passages through these types.
 */

export const DOCUMENT_TYPES = ['procedure', 'regulation', 'council_decision', 'page', 'faq'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = ['draft', 'validated', 'archived'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const SOURCE_FORMATS = ['md', 'html', 'txt', 'pdf', 'docx', 'json', 'crawl'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export const VOCABULARY_KINDS = ['acronym', 'synonym'] as const;
export type VocabularyKind = (typeof VOCABULARY_KINDS)[number];

export interface SearchablePassage {
  /** Passage id (uuid). */
  id: string;
  documentId: string;
  /** The document version the offsets refer to (an addition to the contract: citations may keep it). */
  versionId: string;
  documentTitle: string;
  documentType: DocumentType;
  sourceUrl: string | null;
  language: string;
  /** ISO date (YYYY-MM-DD), inclusive. */
  validFrom: string | null;
  /** ISO date (YYYY-MM-DD), inclusive: the passage is not cited from the next day on. */
  validUntil: string | null;
  heading: string | null;
  text: string;
  /** Offsets in the document version's body: body.slice(start, end) === text. */
  start: number;
  end: number;
  /** The retrieval index's stored per-passage data, handed to LexicalIndex.fromStored. */
  terms: unknown;
}

export interface VocabularyEntry {
  term: string;
  expansions: string[];
  kind: VocabularyKind;
}

export interface CitationDocument {
  id: string;
  title: string;
  body: string;
  sourceUrl: string | null;
  type: DocumentType;
  service: string | null;
  /** ISO timestamp of the current version. */
  updatedAt: string;
  demo: boolean;
}

export interface DraftDocumentInput {
  title: string;
  body: string;
  type: DocumentType;
  service: string | null;
  language: string;
  sourceUrl?: string | null;
}
