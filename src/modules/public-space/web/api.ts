/**
 * The public space API as the pages read it (see /api/docs, tags `public space` and
 * `public space (back-office)`). Types come from the server's schemas (`import type` only), so a
 * changed field breaks the build; the few lists a page offers are written here, typed by the
 * server's own constants.
 */
import type { z } from 'zod';
import { api, ApiError, apiErrorOf, apiHeaders } from '@web/api/client';
import type { Me } from '../../accounts/api-schemas';
import type {
  AddressHit,
  mapSchema,
  nearbyListSchema,
  OPEN_STATUSES as SERVER_OPEN_STATUSES,
  PhotoUpload,
  PublicCategory,
  PublicReport,
  REJECT_REASONS as SERVER_REJECT_REASONS,
  REPORT_STATUSES as SERVER_REPORT_STATUSES,
  ReportStatus,
  StaffReport,
  SubmitReportBody,
  SubmitResult,
  Team,
  trackingViewSchema,
  followResultSchema,
  triageListSchema,
  transitionBody,
} from '../api-schemas';

export type { AddressHit, CategoryAttribute, NearbyReport, PhotoUpload, PriorityLevel, PublicCategory, PublicReport, ReportStatus, StaffReport, SubmitResult, Team, TriageItem } from '../api-schemas';
export type TrackingView = z.infer<typeof trackingViewSchema>;
export type FollowResult = z.infer<typeof followResultSchema>;
export type MapData = z.infer<typeof mapSchema>;
export type NearbyList = z.infer<typeof nearbyListSchema>;
export type TriageList = z.infer<typeof triageListSchema>;
export type TransitionBody = z.input<typeof transitionBody>;
export type RejectReason = (typeof SERVER_REJECT_REASONS)[number];

export const REPORT_STATUSES: typeof SERVER_REPORT_STATUSES = ['new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'done', 'rejected', 'under_watch', 'archived'];
export const OPEN_STATUSES: typeof SERVER_OPEN_STATUSES = ['new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch'];
export const REJECT_REASONS: typeof SERVER_REJECT_REASONS = ['duplicate', 'not_public_space', 'not_our_competence', 'unfounded', 'abusive', 'other'];

/** The permissions the server's manifest declares (`routes-admin.ts`, PERMISSIONS). */
export const PERMISSIONS = {
  triage: 'public-space.triage',
  contacts: 'public-space.contacts',
  configure: 'public-space.configure',
  surveys: 'public-space.surveys',
} as const;

const enc = encodeURIComponent;
const PUBLIC = '/api/public-space';
const ADMIN = '/api/admin/public-space';

/**
 * A request the JSON client does not make: a multipart upload, or a JSON body with an
 * `Idempotency-Key` header. Residents' requests need no CSRF token (no account); staff ones would.
 */
async function rawRequest<T>(method: 'POST', path: string, opts: { body: BodyInit; headers?: Record<string, string>; staff?: boolean }): Promise<T> {
  const headers: Record<string, string> = { ...apiHeaders(), ...opts.headers };
  if (opts.staff) headers['x-csrf-token'] = (await api.get<Me>('/api/auth/me')).csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, body: opts.body, credentials: 'same-origin', headers });
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

/** A key for one report being written, kept across its retries (the server creates nothing twice). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface MapFilter {
  category?: string;
  state: 'open' | 'closed' | 'all';
  bbox?: string;
  zoom?: number;
}

// ---- Residents -----------------------------------------------------------------------------------

export const portalApi = {
  categories: () => api.get<{ items: PublicCategory[]; demo: boolean }>(`${PUBLIC}/categories`),
  map: (filter: MapFilter) => api.get<MapData>(`${PUBLIC}/map`, { query: { zoom: filter.zoom ?? 17, state: filter.state, category: filter.category, bbox: filter.bbox } }),
  report: (number: string) => api.get<PublicReport>(`${PUBLIC}/reports/${enc(number)}`),
  nearby: (categoryCode: string, lng: number, lat: number) => api.get<NearbyList>(`${PUBLIC}/reports/nearby`, { query: { categoryCode, lng, lat } }),
  addresses: (q: string, signal?: AbortSignal) => api.get<{ items: AddressHit[] }>(`${PUBLIC}/addresses`, { query: { q, limit: 8 }, signal }),
  uploadPhoto: (file: File) => {
    const form = new FormData();
    form.append('photo', file, file.name);
    return rawRequest<PhotoUpload>('POST', `${PUBLIC}/photos`, { body: form });
  },
  submit: (body: SubmitReportBody, idempotencyKey: string) =>
    rawRequest<SubmitResult>('POST', `${PUBLIC}/reports`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey } }),
  follow: (number: string, body: { contact: SubmitReportBody['contact']; notify: boolean }) => api.post<FollowResult>(`${PUBLIC}/reports/${enc(number)}/followers`, body),
  tracking: (token: string) => api.get<TrackingView>(`${PUBLIC}/tracking/${enc(token)}`),
  reopen: (token: string, comment: string | null) => api.post<PublicReport>(`${PUBLIC}/tracking/${enc(token)}/reopen`, { comment }),
  setNotify: (token: string, notify: boolean) => api.put<null>(`${PUBLIC}/tracking/${enc(token)}/notify`, { notify }),
};

export const photoUrl = (id: string) => `${PUBLIC}/photos/${enc(id)}`;

// ---- Back-office ---------------------------------------------------------------------------------

export interface TriageFilter {
  status?: string;
  category?: string;
  unassigned?: boolean;
  sort: 'priority' | 'oldest' | 'newest' | 'updated';
  page: number;
}

export const adminApi = {
  reports: (f: TriageFilter) =>
    api.get<TriageList>(`${ADMIN}/reports`, { query: { status: f.status, category: f.category, unassigned: f.unassigned ? 'true' : undefined, sort: f.sort, page: f.page, pageSize: 50 } }),
  report: (id: string) => api.get<StaffReport>(`${ADMIN}/reports/${enc(id)}`),
  transition: (id: string, body: TransitionBody) => api.post<StaffReport, TransitionBody>(`${ADMIN}/reports/${enc(id)}/transition`, body),
  assign: (id: string, teamId: string | null) => api.post<StaffReport>(`${ADMIN}/reports/${enc(id)}/assign`, { teamId, assigneeId: null }),
  note: (id: string, text: string) => api.post<StaffReport>(`${ADMIN}/reports/${enc(id)}/notes`, { text }),
  publicUpdate: (id: string, text: string) => api.post<StaffReport>(`${ADMIN}/reports/${enc(id)}/updates`, { text }),
  teams: () => api.get<{ items: Team[] }>(`${ADMIN}/teams`),
};

export const staffPhotoUrl = (id: string) => `${ADMIN}/photos/${enc(id)}`;

/** Paths of the pages (the server's `portalPaths`). */
export const paths = {
  list: '/signalements',
  create: '/signalements/nouveau',
  report: (number: string) => `/signalements/${enc(number)}`,
  tracking: (token: string) => `/signalements/suivi/${enc(token)}`,
  admin: {
    list: '/admin/signalements',
    report: (id: string) => `/admin/signalements/${enc(id)}`,
  },
};

export const isOpen = (status: ReportStatus) => (OPEN_STATUSES as readonly string[]).includes(status);
