import { api } from '@web/api/client';
import type {
  AssistantAnswer,
  AssistantLanguage,
  CitedDocument,
  ConversationStarted,
  FeedbackBody,
  HandoffBody,
  HandoffResult,
  ResidentTicket,
  Transcript,
} from './types';

export type { Transcript, TranscriptMessage } from './types';

const enc = encodeURIComponent;

export const assistantApi = {
  start: (language: AssistantLanguage) => api.post<ConversationStarted>('/api/assistant/conversations', { language }),
  transcript: (id: string) => api.get<Transcript>(`/api/assistant/conversations/${enc(id)}`),
  ask: (id: string, text: string, language: AssistantLanguage) =>
    api.post<AssistantAnswer>(`/api/assistant/conversations/${enc(id)}/messages`, { text, language }),
  feedback: (conversationId: string, messageId: number, body: FeedbackBody) =>
    api.post<null>(`/api/assistant/conversations/${enc(conversationId)}/messages/${messageId}/feedback`, body),
  handoff: (id: string, body: HandoffBody) =>
    api.post<HandoffResult>(`/api/assistant/conversations/${enc(id)}/handoff`, body),
  ticket: (code: string, token: string) => api.get<ResidentTicket>(`/api/assistant/tickets/${enc(code)}`, { query: { token } }),
  replyToTicket: (code: string, token: string, text: string) =>
    api.post<ResidentTicket>(`/api/assistant/tickets/${enc(code)}/messages?token=${enc(token)}`, { text }),
  document: (id: string, version?: string | null) =>
    api.get<CitedDocument>(`/api/assistant/documents/${enc(id)}`, { query: { version: version ?? undefined } }),
};
