/**
 * The acts API as the pages read it (see /api/docs, tags `communication: acts`). Types come from the
 * server's schemas, so a changed field breaks the build.
 */
import { api, ApiError } from '@web/api/client';
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
  importFiles: (id: string, form: FormData) => api.upload<ImportFilesReport>(`${ADMIN}/sessions/${enc(id)}/files`, form),
  importScdl: (form: FormData) => api.upload<ScdlReport>(`${ADMIN}/scdl`, form),
  act: (id: string) => api.get<AdminAct & { text: string }>(`${ADMIN}/${enc(id)}`),
  updateAct: (id: string, body: UpdateActInput) => api.patch<AdminAct, UpdateActInput>(`${ADMIN}/${enc(id)}`, body),
  publishAct: (id: string) => api.post<AdminAct, Record<string, never>>(`${ADMIN}/${enc(id)}/publish`, {}),
  deleteAct: (id: string) => api.delete(`${ADMIN}/${enc(id)}`),
  attachOriginal: (id: string, form: FormData) => api.upload<AdminAct>(`${ADMIN}/${enc(id)}/original`, form),
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
