/**
 * The agenda API as the pages read it (see /api/docs, tags `agenda` and `agenda (back-office)`).
 * Types come from the server's schemas, so a changed field breaks the build.
 */
import { api, ApiError } from '@web/api/client';
import type { AgendaEvent, AgendaEventList, AgendaFilters, AgendaImportReport, EventBody } from '../../agenda/api-schemas';

export type { AgendaEvent, AgendaFilters, AgendaImportReport, EventBody };

export const AGENDA_PERMISSION = 'communication.agenda';
const enc = encodeURIComponent;
const ADMIN = '/api/admin/agenda';

export interface Selection {
  zones: string[];
  topics: string[];
}

export const selectionQuery = (s: Selection) => ({ zones: s.zones.join(',') || undefined, topics: s.topics.join(',') || undefined });

export function icalUrl(s: Selection): string {
  const params = new URLSearchParams();
  if (s.zones.length) params.set('zones', s.zones.join(','));
  if (s.topics.length) params.set('topics', s.topics.join(','));
  const qs = params.toString();
  return `/api/agenda/events.ics${qs ? `?${qs}` : ''}`;
}

export const agendaApi = {
  filters: () => api.get<AgendaFilters>('/api/agenda/filters'),
  events: (s: Selection) => api.get<AgendaEventList>('/api/agenda/events', { query: selectionQuery(s) }),
};

export const agendaAdminApi = {
  list: () => api.get<AgendaEventList>(`${ADMIN}/events`),
  create: (body: EventBody) => api.post<AgendaEvent, EventBody>(`${ADMIN}/events`, body),
  update: (id: string, body: EventBody) => api.put<AgendaEvent, EventBody>(`${ADMIN}/events/${enc(id)}`, body),
  publish: (id: string, published: boolean) => api.post<AgendaEvent>(`${ADMIN}/events/${enc(id)}/publish`, { published }),
  import: (form: FormData) => api.upload<AgendaImportReport>(`${ADMIN}/import`, form),
};

/** The report a refused import carries in its problem (422). */
export function refusedImport(error: unknown): AgendaImportReport | null {
  if (error instanceof ApiError && error.code === 'communication.agenda_import_empty') return (error.problem as unknown as { report?: AgendaImportReport }).report ?? null;
  return null;
}
