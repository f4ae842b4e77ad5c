/**
 * The public space API as the pages read it (see /api/docs, tags `public space` and
 * `public space (back-office)`). Types come from the server's schemas (`import type` only), so a
 * changed field breaks the build; the few lists a page offers are written here, typed by the
 * server's own constants.
 */
import type { z } from 'zod';
import { api } from '@web/api/client';
import type {
  AddressHit,
  AdminCategory,
  apiKeyCreatedSchema,
  apiKeySchema,
  CLEANLINESS_CATEGORIES as SERVER_CLEANLINESS_CATEGORIES,
  CLEANLINESS_GRADES as SERVER_CLEANLINESS_GRADES,
  CleanlinessView,
  surveyBody,
  surveySchema,
  CreateCategoryBody,
  contactSchema,
  dashboardSchema,
  editReportBody,
  equitySchema,
  ImportResult,
  layerImportResultSchema,
  layerSchema,
  mapSchema,
  savedViewBody,
  savedViewSchema,
  teamBody,
  UpdateCategoryBody,
  nearbyListSchema,
  OPEN_STATUSES as SERVER_OPEN_STATUSES,
  PRIORITY_LEVELS as SERVER_PRIORITY_LEVELS,
  TEAM_KINDS as SERVER_TEAM_KINDS,
  ATTRIBUTE_DATATYPES as SERVER_ATTRIBUTE_DATATYPES,
  PhotoUpload,
  PriorityLevel,
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

export type { AddressHit, AdminCategory, CreateCategoryBody, ImportResult, ResponseTemplate, UpdateCategoryBody, CategoryAttribute, NearbyReport, PhotoUpload, PriorityLevel, PublicCategory, PublicReport, ReportStatus, StaffReport, SubmitResult, Team, TriageItem } from '../api-schemas';
export type TrackingView = z.infer<typeof trackingViewSchema>;
export type FollowResult = z.infer<typeof followResultSchema>;
export type MapData = z.infer<typeof mapSchema>;
export type NearbyList = z.infer<typeof nearbyListSchema>;
export type TriageList = z.infer<typeof triageListSchema>;
export type TransitionBody = z.input<typeof transitionBody>;
export type RejectReason = (typeof SERVER_REJECT_REASONS)[number];
export type ApiKey = z.infer<typeof apiKeySchema>;
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>;
export type Layer = z.infer<typeof layerSchema>;
export type LayerImportResult = z.infer<typeof layerImportResultSchema>;
export type TeamBody = z.input<typeof teamBody>;
export type SavedView = z.infer<typeof savedViewSchema>;
export type EditReportBody = z.input<typeof editReportBody>;
export type Contacts = z.infer<typeof contactSchema>;
export type SavedViewBody = z.input<typeof savedViewBody>;
export type Dashboard = z.infer<typeof dashboardSchema>;
export type EquityView = z.infer<typeof equitySchema>;
export type { CleanlinessView, CleanlinessCategory, CleanlinessGrade } from '../api-schemas';
export type Survey = z.infer<typeof surveySchema>;
export type SurveyBody = z.input<typeof surveyBody>;
export type SectorIndex = CleanlinessView['sectors'][number];

export const REPORT_STATUSES: typeof SERVER_REPORT_STATUSES = ['new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'done', 'rejected', 'under_watch', 'archived'];
export const OPEN_STATUSES: typeof SERVER_OPEN_STATUSES = ['new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch'];
export const REJECT_REASONS: typeof SERVER_REJECT_REASONS = ['duplicate', 'not_public_space', 'not_our_competence', 'unfounded', 'abusive', 'other'];
export const PRIORITY_LEVELS: typeof SERVER_PRIORITY_LEVELS = ['urgent', 'high', 'normal', 'low'];
export const TEAM_KINDS: typeof SERVER_TEAM_KINDS = ['service', 'team', 'contractor'];
/** The AVPU's ten standard categories, in the order the survey form counts them. */
export const CLEANLINESS_CATEGORIES: typeof SERVER_CLEANLINESS_CATEGORIES = [
  'papers_packaging',
  'glass',
  'cigarette_butts',
  'dog_fouling',
  'illegal_dumps',
  'rubbish_bags',
  'dead_leaves',
  'tags_posters',
  'stuck_soiling',
  'food_waste',
];
export const CLEANLINESS_GRADES: typeof SERVER_CLEANLINESS_GRADES = ['A', 'B', 'C', 'D', 'E'];
export const ATTRIBUTE_DATATYPES: typeof SERVER_ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];

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
  /** ISO dates (YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
}

export interface PeriodFilter {
  from?: string;
  to?: string;
}

export interface ExportFilter extends PeriodFilter {
  category?: string;
  state: 'open' | 'closed' | 'all';
}

// ---- Residents -----------------------------------------------------------------------------------

export const portalApi = {
  categories: () => api.get<{ items: PublicCategory[]; demo: boolean }>(`${PUBLIC}/categories`),
  map: (filter: MapFilter) =>
    api.get<MapData>(`${PUBLIC}/map`, { query: { zoom: filter.zoom ?? 17, state: filter.state, category: filter.category, bbox: filter.bbox, from: filter.from, to: filter.to } }),
  dashboard: (period: PeriodFilter) => api.get<Dashboard>(`${PUBLIC}/dashboard`, { query: { from: period.from, to: period.to } }),
  equity: (period: PeriodFilter) => api.get<EquityView>(`${PUBLIC}/equity`, { query: { from: period.from, to: period.to } }),
  cleanliness: (period: PeriodFilter) => api.get<CleanlinessView>(`${PUBLIC}/cleanliness`, { query: { from: period.from, to: period.to } }),
  report: (number: string) => api.get<PublicReport>(`${PUBLIC}/reports/${enc(number)}`),
  nearby: (categoryCode: string, lng: number, lat: number, radiusM?: number) => api.get<NearbyList>(`${PUBLIC}/reports/nearby`, { query: { categoryCode, lng, lat, radiusM } }),
  addresses: (q: string, signal?: AbortSignal) => api.get<{ items: AddressHit[] }>(`${PUBLIC}/addresses`, { query: { q, limit: 8 }, signal }),
  uploadPhoto: (file: File) => {
    const form = new FormData();
    form.append('photo', file, file.name);
    return api.upload<PhotoUpload>(`${PUBLIC}/photos`, form);
  },
  submit: (body: SubmitReportBody, idempotencyKey: string) =>
    api.post<SubmitResult, SubmitReportBody>(`${PUBLIC}/reports`, body, { headers: { 'idempotency-key': idempotencyKey } }),
  follow: (number: string, body: { contact: SubmitReportBody['contact']; notify: boolean }) => api.post<FollowResult>(`${PUBLIC}/reports/${enc(number)}/followers`, body),
  tracking: (token: string) => api.get<TrackingView>(`${PUBLIC}/tracking/${enc(token)}`),
  reopen: (token: string, comment: string | null) => api.post<PublicReport>(`${PUBLIC}/tracking/${enc(token)}/reopen`, { comment }),
  setNotify: (token: string, notify: boolean) => api.put<null>(`${PUBLIC}/tracking/${enc(token)}/notify`, { notify }),
};

export const photoUrl = (id: string) => `${PUBLIC}/photos/${enc(id)}`;

/** The open-data files (CSV, GeoJSON), filtered like the map. */
export function exportUrl(file: 'reports.csv' | 'reports.geojson', f: ExportFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, String(v));
  const qs = params.toString();
  return `${PUBLIC}/open-data/${file}${qs ? `?${qs}` : ''}`;
}

// ---- Back-office ---------------------------------------------------------------------------------

export interface TriageFilter {
  status?: string;
  category?: string;
  team?: string;
  priority?: PriorityLevel;
  from?: string;
  to?: string;
  unassigned?: boolean;
  /** A report number. */
  q?: number;
  sort: 'priority' | 'oldest' | 'newest' | 'updated';
  page: number;
}

/** Query string of a multipart upload (its fields travel there, the body holds the file only). */
function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function fileForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

export interface LayerFields {
  code: string;
  name: string;
  kind: string;
  radiusM: number;
  weight: number;
  nameProperty?: string;
  source?: string;
}

export const adminApi = {
  reports: (f: TriageFilter, pageSize = 50) =>
    api.get<TriageList>(`${ADMIN}/reports`, {
      query: { status: f.status, category: f.category, team: f.team, priority: f.priority, from: f.from, to: f.to, q: f.q, unassigned: f.unassigned ? 'true' : undefined, sort: f.sort, page: f.page, pageSize },
    }),
  report: (id: string) => api.get<StaffReport>(`${ADMIN}/reports/${enc(id)}`),
  transition: (id: string, body: TransitionBody) => api.post<StaffReport, TransitionBody>(`${ADMIN}/reports/${enc(id)}/transition`, body),
  assign: (id: string, teamId: string | null) => api.post<StaffReport>(`${ADMIN}/reports/${enc(id)}/assign`, { teamId, assigneeId: null }),
  note: (id: string, text: string) => api.post<StaffReport>(`${ADMIN}/reports/${enc(id)}/notes`, { text }),
  publicUpdate: (id: string, text: string) => api.post<StaffReport>(`${ADMIN}/reports/${enc(id)}/updates`, { text }),
  /** The report of this public number, whatever its status (archived and merged ones excepted). */
  byNumber: async (number: number) =>
    (await api.get<TriageList>(`${ADMIN}/reports`, { query: { q: number, status: REPORT_STATUSES.filter((s) => s !== 'archived').join(','), pageSize: 1 } })).items[0] ?? null,
  edit: (id: string, body: EditReportBody) => api.patch<StaffReport, EditReportBody>(`${ADMIN}/reports/${enc(id)}`, body),
  contacts: (id: string) => api.get<Contacts>(`${ADMIN}/reports/${enc(id)}/contacts`),
  merge: (id: string, intoId: string) => api.post<StaffReport>(`${ADMIN}/reports/${enc(id)}/merge`, { intoId }),
  blackout: (photoId: string, rect: { x: number; y: number; width: number; height: number }) =>
    api.post<{ id: string; width: number; height: number; blackedOut: number }>(`${ADMIN}/photos/${enc(photoId)}/blackout`, rect),
  photoVisibility: (photoId: string, visible: boolean) => api.put<null>(`${ADMIN}/photos/${enc(photoId)}/visibility`, { public: visible }),
  teams: () => api.get<{ items: Team[] }>(`${ADMIN}/teams`),
  createTeam: (body: TeamBody) => api.post<Team, TeamBody>(`${ADMIN}/teams`, body),
  updateTeam: (id: string, body: Partial<Omit<TeamBody, 'code'>>) => api.patch<Team>(`${ADMIN}/teams/${enc(id)}`, body),
  views: () => api.get<{ items: SavedView[] }>(`${ADMIN}/views`),
  saveView: (body: SavedViewBody) => api.post<SavedView, SavedViewBody>(`${ADMIN}/views`, body),
  deleteView: (id: string) => api.delete(`${ADMIN}/views/${enc(id)}`),
  categories: () => api.get<{ items: AdminCategory[] }>(`${ADMIN}/categories`),
  createCategory: (body: CreateCategoryBody) => api.post<AdminCategory, CreateCategoryBody>(`${ADMIN}/categories`, body),
  updateCategory: (code: string, body: UpdateCategoryBody) => api.patch<AdminCategory, UpdateCategoryBody>(`${ADMIN}/categories/${enc(code)}`, body),
  apiKeys: () => api.get<{ items: ApiKey[] }>(`${ADMIN}/api-keys`),
  createApiKey: (name: string) => api.post<ApiKeyCreated>(`${ADMIN}/api-keys`, { name }),
  revokeApiKey: (id: string) => api.post<ApiKey>(`${ADMIN}/api-keys/${enc(id)}/revoke`),
  layers: () => api.get<{ items: Layer[] }>(`${ADMIN}/layers`),
  deleteLayer: (code: string) => api.delete(`${ADMIN}/layers/${enc(code)}`),
  importLayer: (fields: LayerFields, file: File) =>
    api.upload<LayerImportResult>(withQuery(`${ADMIN}/layers/import`, { ...fields }), fileForm(file)),
  importDansMaRue: (file: File, status: 'archived' | 'new' | 'done') =>
    api.upload<ImportResult>(withQuery(`${ADMIN}/imports/dansmarue`, { status }), fileForm(file)),
  importAddresses: (file: File, replace: boolean) =>
    api.upload<ImportResult>(withQuery(`${ADMIN}/addresses/import`, { replace: replace ? 'true' : 'false' }), fileForm(file)),
  cleanliness: (period: PeriodFilter) => api.get<CleanlinessView>(`${ADMIN}/cleanliness`, { query: { from: period.from, to: period.to } }),
  surveys: (filter: PeriodFilter & { zone?: string }) => api.get<{ items: Survey[] }>(`${ADMIN}/surveys`, { query: { zone: filter.zone, from: filter.from, to: filter.to } }),
  createSurvey: (body: SurveyBody) => api.post<Survey, SurveyBody>(`${ADMIN}/surveys`, body),
  /** Counts from automated detection; a file with any bad row imports nothing (422, `problems` with their lines). */
  importSurveys: (file: File) => api.upload<ImportResult>(`${ADMIN}/surveys/import`, fileForm(file)),
};

/** A staff photo's address; `version` (its count of blackouts) changes it after an edit, so the browser shows the new image. */
export const staffPhotoUrl = (id: string, version = 0) => `${ADMIN}/photos/${enc(id)}${version ? `?v=${version}` : ''}`;

/** Paths of the pages (the server's `portalPaths`). */
export const paths = {
  list: '/signalements',
  create: '/signalements/nouveau',
  report: (number: string) => `/signalements/${enc(number)}`,
  tracking: (token: string) => `/signalements/suivi/${enc(token)}`,
  dashboard: '/signalements/tableau-de-bord',
  admin: {
    list: '/admin/signalements',
    report: (id: string) => `/admin/signalements/${enc(id)}`,
    categories: '/admin/signalements/categories',
    newCategory: '/admin/signalements/categories/nouvelle',
    category: (code: string) => `/admin/signalements/categories/${enc(code)}`,
    teams: '/admin/signalements/equipes',
    apiKeys: '/admin/signalements/cles-open311',
    places: '/admin/signalements/lieux-et-adresses',
    imports: '/admin/signalements/import',
    cleanliness: '/admin/proprete',
    survey: '/admin/proprete/releve',
  },
};

export const isOpen = (status: ReportStatus) => (OPEN_STATUSES as readonly string[]).includes(status);
