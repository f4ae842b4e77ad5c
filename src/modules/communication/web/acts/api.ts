/**
 * The acts API as the pages read it (see /api/docs, tags `communication: acts`). Types come from the
 * server's schemas, so a changed field breaks the build.
 */
import { api, ApiError, apiErrorOf, apiHeaders } from '@web/api/client';
import type { Me } from '../../../accounts/api-schemas';
import type {
  AdminAct,
  AdminSession,
  AdminSessionList,
  CreateSessionInput,
  ImportFilesReport,
  PublicActPage,
  PublicSessionList,
  ScdlReport,
  TopicList,
  UpdateActInput,
} from '../../acts/api-schemas';

export type { AdminAct, AdminSession, AdminSessionList, ImportFilesReport, PublicActPage, PublicSessionList, ScdlReport, TopicList, UpdateActInput };

export const PUBLISH = 'communication.acts.publish';
export const REGISTER_ID = 'communication.act_summaries';

const enc = encodeURIComponent;
const PUBLIC = '/api/communication/acts';
const ADMIN = '/api/admin/communication/acts';

/** A multipart upload, with the session's CSRF token (the JSON client sends only JSON). */
async function upload<T>(path: string, body: FormData): Promise<T> {
  const headers: Record<string, string> = apiHeaders();
  headers['x-csrf-token'] = (await api.get<Me>('/api/auth/me')).csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body, credentials: 'same-origin', headers });
  } catch (err) {
    throw new ApiError({ status: 0, code: 'network_error', detail: (err as Error).message });
  }
  const text = await res.text();
  let payload: unknown = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = null;
  }
  if (!res.ok) throw apiErrorOf(res.status, payload);
  return payload as T;
}

/** A DELETE with the session's CSRF token (204 on success). */
async function remove(path: string): Promise<void> {
  const headers: Record<string, string> = apiHeaders();
  headers['x-csrf-token'] = (await api.get<Me>('/api/auth/me')).csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'DELETE', credentials: 'same-origin', headers });
  } catch (err) {
    throw new ApiError({ status: 0, code: 'network_error', detail: (err as Error).message });
  }
  if (!res.ok) {
    const text = await res.text();
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      payload = null;
    }
    throw apiErrorOf(res.status, payload);
  }
}

export const portalApi = {
  sessions: () => api.get<PublicSessionList>(`${PUBLIC}/sessions`),
  act: (id: string) => api.get<PublicActPage>(`${PUBLIC}/${enc(id)}`),
  topics: () => api.get<TopicList>(`${PUBLIC}/topics`),
};

export const adminApi = {
  sessions: () => api.get<AdminSessionList>(`${ADMIN}/sessions`),
  session: (id: string) => api.get<AdminSession>(`${ADMIN}/sessions/${enc(id)}`),
  createSession: (body: CreateSessionInput) => api.post<AdminSession, CreateSessionInput>(`${ADMIN}/sessions`, body),
  publishSession: (id: string) => api.post<AdminSession, Record<string, never>>(`${ADMIN}/sessions/${enc(id)}/publish`, {}),
  importFiles: (id: string, form: FormData) => upload<ImportFilesReport>(`${ADMIN}/sessions/${enc(id)}/files`, form),
  importScdl: (form: FormData) => upload<ScdlReport>(`${ADMIN}/scdl`, form),
  act: (id: string) => api.get<AdminAct & { text: string }>(`${ADMIN}/${enc(id)}`),
  updateAct: (id: string, body: UpdateActInput) => api.patch<AdminAct, UpdateActInput>(`${ADMIN}/${enc(id)}`, body),
  publishAct: (id: string) => api.post<AdminAct, Record<string, never>>(`${ADMIN}/${enc(id)}/publish`, {}),
  deleteAct: (id: string) => remove(`${ADMIN}/${enc(id)}`),
  attachOriginal: (id: string, form: FormData) => upload<AdminAct>(`${ADMIN}/${enc(id)}/original`, form),
};

export interface IncompleteActView {
  id: string;
  number: string;
  title: string;
  problems: ('outcome_missing' | 'original_not_pdf')[];
}

/** The acts a session's publication was refused for (409 `communication.acts.session_incomplete`), each with what it lacks. */
export function incompleteActs(err: unknown): IncompleteActView[] | null {
  if (!(err instanceof ApiError) || err.code !== 'communication.acts.session_incomplete') return null;
  return (err.problem as unknown as { acts?: IncompleteActView[] }).acts ?? [];
}

export const paths = {
  list: '/deliberations',
  act: (id: string) => `/deliberations/actes/${id}`,
  file: (id: string) => `${PUBLIC}/${id}/file`,
  scdl: `${PUBLIC}/deliberations.csv`,
  feed: `${PUBLIC}/feed.atom`,
  admin: {
    sessions: '/admin/deliberations',
    session: (id: string) => `/admin/deliberations/seances/${id}`,
    act: (id: string) => `/admin/deliberations/actes/${id}`,
  },
};

export interface ScdlProblemView {
  line: number;
  code: string;
  column?: string;
  value?: string;
}
export interface ScdlDeviationView {
  code: string;
  found: string;
  expected?: string;
  lines?: number[];
}

/** The lines of a refused SCDL table (422 `communication.acts.scdl_rows_invalid`) and the deviations found. */
export function refusedScdl(err: unknown): { problems: ScdlProblemView[]; deviations: ScdlDeviationView[] } | null {
  if (!(err instanceof ApiError) || (err.code !== 'communication.acts.scdl_rows_invalid' && err.code !== 'communication.acts.scdl_columns_missing')) return null;
  const p = err.problem as unknown as { problems?: ScdlProblemView[]; deviations?: ScdlDeviationView[] };
  return { problems: p.problems ?? [], deviations: p.deviations ?? [] };
}
