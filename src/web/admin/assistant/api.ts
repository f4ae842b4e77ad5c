/** Shapes of the assistant's back-office API (see /api/docs, tag `assistant-admin`). */

export const DOCUMENT_TYPES = ['procedure', 'regulation', 'council_decision', 'page', 'faq'] as const;
export const DOCUMENT_STATUSES = ['draft', 'validated', 'archived'] as const;
export const VOCABULARY_KINDS = ['acronym', 'synonym'] as const;
export const TICKET_STATUSES = ['open', 'assigned', 'answered', 'closed'] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export interface AdminDocument {
  id: string;
  title: string;
  type: DocumentType;
  service: string | null;
  language: string;
  status: DocumentStatus;
  validFrom: string | null;
  validUntil: string | null;
  sourceUrl: string | null;
  demo: boolean;
  currentVersionId: string | null;
  createdAt: string;
  updatedAt: string;
  validatedAt: string | null;
}

export interface VersionSummary {
  id: string;
  version: number;
  title: string;
  sourceFormat: string;
  originalFilename: string | null;
  contentHash: string;
  createdBy: string | null;
  createdAt: string;
  length: number;
}

export interface AdminDocumentDetail extends AdminDocument {
  body: string;
  versions: VersionSummary[];
}

export interface DocumentPage {
  items: AdminDocument[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Job {
  id: number;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: unknown;
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface VocabularyEntry {
  id: string;
  term: string;
  expansions: string[];
  kind: (typeof VOCABULARY_KINDS)[number];
}

export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface TicketSummary {
  id: string;
  code: string;
  status: TicketStatus;
  subject: string;
  assigneeId: string | null;
  language: string;
  hasContactEmail: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TicketDetail extends TicketSummary {
  contactEmail: string | null;
  transcript: {
    messages: { role: string; text: string; createdAt: string; decision: string | null; citations: number[] }[];
    citedPassages: { n: number; passageId: string; documentId: string; title: string; sourceUrl: string | null; text: string | null }[];
  };
  messages: { id: number; author: 'resident' | 'agent'; authorId: string | null; text: string; createdAt: string }[];
}

export interface QuestionGroup {
  representative: string;
  count: number;
  questions: { text: string; count: number }[];
  terms: string[];
}

export interface Analytics {
  from: string;
  to: string;
  totals: {
    questions: number;
    answered: number;
    abstained: number;
    handedOff: number;
    answeredShare: number;
    abstainedShare: number;
    handedOffShare: number;
    generationFallbacks: number;
    retrievalFallbacks: number;
  };
  perDay: { date: string; questions: number; answered: number; abstained: number; handedOff: number }[];
  feedback: { helpful: number; notHelpful: number; byTag: Record<string, number> };
  topDocuments: { documentId: string; title: string | null; count: number }[];
  unanswered: QuestionGroup[];
}

export interface CalibrationPoint {
  threshold: number;
  coverage: number;
  precision: number;
}

export interface Calibration {
  dataset?: { questions: number; answerable: number; unanswerable: number; documents: number };
  targetPrecision?: number;
  recommendedThreshold: number;
  atRecommended?: { coverage: number; precision: number; answerableAnswered?: number; unanswerableAbstained?: number };
  curve: CalibrationPoint[];
  currentThreshold: number;
}

export interface AnsweringSetting {
  abstentionThreshold: number;
  retentionDays: number;
  handoffEnabled: boolean;
}

/** The calibration point whose threshold is closest to `threshold`. */
export function nearestPoint(curve: CalibrationPoint[], threshold: number): CalibrationPoint | null {
  let best: CalibrationPoint | null = null;
  for (const p of curve) if (!best || Math.abs(p.threshold - threshold) < Math.abs(best.threshold - threshold)) best = p;
  return best;
}
