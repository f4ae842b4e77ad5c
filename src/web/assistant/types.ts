/** Shapes of the assistant's public API (see /api/docs, tag `assistant`). Shared by the SPA and the widget. */

export type AssistantLanguage = 'fr' | 'en';

export interface Citation {
  n: number;
  passageId: string;
  documentId: string;
  versionId: string;
  title: string;
  sourceUrl: string | null;
  start: number;
  end: number;
}

export interface Suggestion {
  documentId: string;
  title: string;
  sourceUrl: string | null;
}

export interface AssistantAnswer {
  id: number;
  decision: 'answered' | 'abstained';
  text: string;
  sentences: { text: string; citations: number[] }[];
  citations: Citation[];
  confidence: number;
  suggestions: Suggestion[];
  handoffAvailable: boolean;
  language: AssistantLanguage;
  createdAt: string;
}

export interface ConversationStarted {
  id: string;
  language: AssistantLanguage;
  notice: { registerEntryId: string; text: string };
}

export interface HandoffResult {
  ticketCode: string;
  accessToken: string;
  readUrl: string;
}

export type TicketStatus = 'open' | 'assigned' | 'answered' | 'closed';

export interface ResidentTicket {
  code: string;
  status: TicketStatus;
  subject: string;
  createdAt: string;
  updatedAt: string;
  messages: { author: 'resident' | 'agent'; text: string; createdAt: string }[];
}

export interface CitedDocument {
  id: string;
  versionId: string;
  title: string;
  body: string;
  sourceUrl: string | null;
  type: 'procedure' | 'regulation' | 'council_decision' | 'page' | 'faq';
  service: string | null;
  updatedAt: string;
  demo: boolean;
}

export const FEEDBACK_TAGS_POSITIVE = ['clear', 'complete', 'reliable_sources'] as const;
export const FEEDBACK_TAGS_NEGATIVE = ['wrong', 'missing_sources', 'too_long', 'out_of_date'] as const;
export type FeedbackTag = (typeof FEEDBACK_TAGS_POSITIVE)[number] | (typeof FEEDBACK_TAGS_NEGATIVE)[number];

export const MAX_QUESTION_CHARS = 2000;

/** Path of the source viewer for a citation; the SPA route and the widget both link to it. */
export function sourcePath(c: { documentId: string; start?: number; end?: number; versionId?: string }): string {
  const params = new URLSearchParams();
  if (c.start !== undefined && c.end !== undefined) {
    params.set('start', String(c.start));
    params.set('end', String(c.end));
  }
  if (c.versionId) params.set('version', c.versionId);
  const qs = params.toString();
  return `/assistant/sources/${encodeURIComponent(c.documentId)}${qs ? `?${qs}` : ''}`;
}

/** Path of the resident's follow-up page for a ticket. */
export function ticketPath(code: string, token: string): string {
  return `/assistant/suivi/${encodeURIComponent(code)}?token=${encodeURIComponent(token)}`;
}

/**
 * Extractive answers quote the documents' Markdown verbatim: `**bold**` becomes runs of
 * strong text and `[label](url)` keeps its label, so residents never see the syntax.
 */
export function inlineRuns(text: string): { text: string; strong: boolean }[] {
  const plain = text.replace(/\[([^\]\n]+)\]\([^)\s]+\)/g, '$1');
  const runs: { text: string; strong: boolean }[] = [];
  plain.split('**').forEach((part, i) => {
    if (part) runs.push({ text: part, strong: i % 2 === 1 });
  });
  return runs;
}
