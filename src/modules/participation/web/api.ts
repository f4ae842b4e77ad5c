/**
 * The participation API as the pages read it (see /api/docs, tags `participation` and
 * `participation (back-office)`). Types come from the server's schemas, so a changed field breaks
 * the build; the few lists a page offers are written here, typed by the server's own constants.
 */
import { api, ApiError } from '@web/api/client';
import type {
  AdminConsultation,
  AdminStatement,
  AdminSynthesis,
  ConsultationStats,
  ConsultationSummary,
  CreateConsultationInput,
  DeclarationsInput,
  EXPORT_FILES as SERVER_EXPORT_FILES,
  FLAG_REASONS as SERVER_FLAG_REASONS,
  ImportReport,
  ItemType,
  JobView,
  MODERATION_REASONS as SERVER_MODERATION_REASONS,
  ModerationDecisionInput,
  ModerationItem,
  ModerationQueue,
  NextStatement,
  OpinionGroupsView,
  ParticipantView,
  ConsultationPhase,
  PublicConsultation,
  PublicContribution,
  PublicSynthesis,
  Representativeness,
  STATEMENT_MAX_LENGTH as SERVER_STATEMENT_MAX_LENGTH,
  CONTRIBUTION_MAX_LENGTH as SERVER_CONTRIBUTION_MAX_LENGTH,
  SubmissionResult,
  ThemeContributions,
  UpdateConsultationInput,
  VoteChoice,
  VoteResult,
  FlagReason,
  ExportFile,
} from '../api-schemas';

export type {
  AdminConsultation,
  AdminStatement,
  AdminSynthesis,
  ConsultationPhase,
  ConsultationStats,
  ConsultationSummary,
  ExportFile,
  FlagReason,
  ImportProblem,
  ImportReport,
  ItemType,
  JobView,
  ModerationItem,
  ModerationQueue,
  ModerationReason,
  ModerationMode,
  NextStatement,
  OpinionGroupsView,
  ParticipantView,
  PublicConsultation,
  PublicContribution,
  PublicStatement,
  PublicSynthesis,
  QuotedContribution,
  Representativeness,
  SubmissionResult,
  SynthesisEdit,
  SynthesisView,
  ThemeContributions,
  VoteChoice,
} from '../api-schemas';

export const STATEMENT_MAX_LENGTH: typeof SERVER_STATEMENT_MAX_LENGTH = 280;
export const CONTRIBUTION_MAX_LENGTH: typeof SERVER_CONTRIBUTION_MAX_LENGTH = 2000;
export const FLAG_REASONS: typeof SERVER_FLAG_REASONS = ['abuse', 'spam', 'personal_data'];
export const MODERATION_REASONS: typeof SERVER_MODERATION_REASONS = ['abuse', 'spam', 'personal_data', 'off_topic', 'duplicate', 'other'];
export const EXPORT_FILES: typeof SERVER_EXPORT_FILES = [
  'contributions.csv',
  'contributions.json',
  'statements.csv',
  'statements.json',
  'votes.csv',
  'votes.json',
  'groups.csv',
  'groups.json',
  'synthesis.json',
  'synthesis.csv',
  'polis-comments.csv',
  'polis-votes.csv',
  'polis-participants-votes.csv',
];

/** The permissions the server's manifest declares (`routes-admin.ts`, PERMISSIONS). */
export const PERMISSIONS = {
  manage: 'participation.manage',
  moderate: 'participation.moderate',
  synthesis: 'participation.synthesis',
  analytics: 'participation.analytics',
} as const;

/** The register entries a page points to (`register.ts`, REGISTER_IDS). */
export const REGISTER_IDS = {
  groups: 'participation.opinion_groups',
  themes: 'participation.theme_synthesis',
  generation: 'participation.synthesis_generation',
  representativeness: 'participation.representativeness',
} as const;

const enc = encodeURIComponent;
const PUBLIC = '/api/participation';
const ADMIN = '/api/admin/participation';

// ---- Residents -----------------------------------------------------------------------------------

export const portalApi = {
  consultations: () => api.get<{ items: ConsultationSummary[] }>(`${PUBLIC}/consultations`),
  consultation: (id: string) => api.get<PublicConsultation>(`${PUBLIC}/consultations/${enc(id)}`),
  join: (id: string, body: DeclarationsInput) => api.post<ParticipantView, DeclarationsInput>(`${PUBLIC}/consultations/${enc(id)}/participants`, body),
  declare: (id: string, body: DeclarationsInput) => api.patch<ParticipantView, DeclarationsInput>(`${PUBLIC}/consultations/${enc(id)}/me`, body),
  forget: (id: string) => api.delete(`${PUBLIC}/consultations/${enc(id)}/me`),
  giveEmail: (id: string, email: string) => api.post<{ status: 'sent' }>(`${PUBLIC}/consultations/${enc(id)}/me/email`, { email }),
  confirmEmail: (token: string) => api.post<{ consultationId: string; confirmed: true }>(`${PUBLIC}/email-confirmations`, { token }),
  next: (id: string) => api.get<NextStatement>(`${PUBLIC}/consultations/${enc(id)}/statements/next`),
  vote: (id: string, statementId: string, vote: VoteChoice) =>
    api.put<VoteResult>(`${PUBLIC}/consultations/${enc(id)}/statements/${enc(statementId)}/vote`, { vote }),
  propose: (id: string, text: string) => api.post<SubmissionResult>(`${PUBLIC}/consultations/${enc(id)}/statements`, { text }),
  contribute: (id: string, text: string) => api.post<SubmissionResult>(`${PUBLIC}/consultations/${enc(id)}/contributions`, { text }),
  contributions: (id: string, page: number, pageSize = 10) =>
    api.get<{ items: PublicContribution[]; total: number; page: number; pageSize: number }>(`${PUBLIC}/consultations/${enc(id)}/contributions`, { query: { page, pageSize } }),
  flag: (id: string, itemType: ItemType, itemId: string, reason: FlagReason) => api.post<null>(`${PUBLIC}/consultations/${enc(id)}/flags`, { itemType, itemId, reason }),
  opinionGroups: (id: string) => api.get<OpinionGroupsView>(`${PUBLIC}/consultations/${enc(id)}/opinion-groups`),
  synthesis: (id: string) => api.get<PublicSynthesis>(`${PUBLIC}/consultations/${enc(id)}/synthesis`),
  themeContributions: (id: string, themeId: string, page: number) =>
    api.get<ThemeContributions>(`${PUBLIC}/consultations/${enc(id)}/synthesis/themes/${enc(themeId)}/contributions`, { query: { page, pageSize: 50 } }),
};

export const openDataHref = (id: string, file: ExportFile) => `${PUBLIC}/consultations/${enc(id)}/open-data/${file}`;

// ---- Back-office ---------------------------------------------------------------------------------

export interface ModerationFilter {
  status: 'pending' | 'flagged' | 'accepted' | 'rejected' | 'all';
  itemType?: ItemType;
  page: number;
}

export const adminApi = {
  consultations: () => api.get<{ items: AdminConsultation[] }>(`${ADMIN}/consultations`),
  consultation: (id: string) => api.get<AdminConsultation>(`${ADMIN}/consultations/${enc(id)}`),
  create: (body: CreateConsultationInput) => api.post<AdminConsultation, CreateConsultationInput>(`${ADMIN}/consultations`, body),
  update: (id: string, body: UpdateConsultationInput) => api.patch<AdminConsultation, UpdateConsultationInput>(`${ADMIN}/consultations/${enc(id)}`, body),
  phase: (id: string, phase: ConsultationPhase) => api.post<AdminConsultation>(`${ADMIN}/consultations/${enc(id)}/phase`, { phase }),
  statements: (id: string) => api.get<{ items: AdminStatement[] }>(`${ADMIN}/consultations/${enc(id)}/statements`),
  addStatement: (id: string, text: string, isMeta: boolean) => api.post<AdminStatement>(`${ADMIN}/consultations/${enc(id)}/statements`, { text, isMeta }),
  moderation: (id: string, filter: ModerationFilter) =>
    api.get<ModerationQueue>(`${ADMIN}/consultations/${enc(id)}/moderation`, { query: { status: filter.status, itemType: filter.itemType, page: filter.page, pageSize: 20 } }),
  decide: (itemType: ItemType, itemId: string, body: ModerationDecisionInput) =>
    api.post<ModerationItem, ModerationDecisionInput>(`${ADMIN}/moderation/${itemType}/${enc(itemId)}`, body),
  stats: (id: string, range: { from?: string; to?: string }) => api.get<ConsultationStats>(`${ADMIN}/consultations/${enc(id)}/stats`, { query: range }),
  representativeness: (id: string) => api.get<Representativeness>(`${ADMIN}/consultations/${enc(id)}/representativeness`),
  recomputeGroups: (id: string) => api.post<{ jobId: number; status: string }>(`${ADMIN}/consultations/${enc(id)}/opinion-groups/recompute`),
  synthesis: (id: string) => api.get<AdminSynthesis>(`${ADMIN}/consultations/${enc(id)}/synthesis`),
  themeContributions: (id: string, themeId: string) =>
    api.get<ThemeContributions>(`${ADMIN}/consultations/${enc(id)}/synthesis/themes/${enc(themeId)}/contributions`, { query: { page: 1, pageSize: 200 } }),
  runSynthesis: (id: string) => api.post<{ jobId: number; status: string }>(`${ADMIN}/consultations/${enc(id)}/synthesis/runs`),
  rename: (id: string, themeId: string, label: string) => api.post<AdminSynthesis>(`${ADMIN}/consultations/${enc(id)}/synthesis/themes/${enc(themeId)}/rename`, { label }),
  merge: (id: string, themeIds: string[], label?: string) => api.post<AdminSynthesis>(`${ADMIN}/consultations/${enc(id)}/synthesis/merge`, { themeIds, ...(label ? { label } : {}) }),
  split: (id: string, themeId: string, contributionIds: string[], label?: string) =>
    api.post<AdminSynthesis>(`${ADMIN}/consultations/${enc(id)}/synthesis/themes/${enc(themeId)}/split`, { parts: [{ contributionIds, ...(label ? { label } : {}) }] }),
  move: (id: string, contributionIds: string[], target: { themeId: string } | { standingAlone: true }) =>
    api.post<AdminSynthesis>(`${ADMIN}/consultations/${enc(id)}/synthesis/move`, { contributionIds, target }),
  job: (jobId: number) => api.get<JobView>(`${ADMIN}/jobs/${jobId}`),
  imports: (id: string) => api.get<{ items: { id: string; kind: 'polis' | 'survey' | 'interview'; filename: string; format: string; report: unknown; createdAt: string }[] }>(`${ADMIN}/consultations/${enc(id)}/imports`),
  importFiles: (id: string, kind: 'polis' | 'survey' | 'interview', form: FormData) =>
    api.upload<ImportReport>(`${ADMIN}/consultations/${enc(id)}/imports/${kind}`, form),
};

export const exportHref = (id: string, file: ExportFile, groups?: 'polis' | 'computed') =>
  `${ADMIN}/consultations/${enc(id)}/exports/${file}${groups ? `?groups=${groups}` : ''}`;

/** The report a refused import carries (422 `participation.import_rows_invalid`), to show its problems by line. */
export function refusedImportReport(err: unknown): ImportReport | null {
  if (!(err instanceof ApiError) || err.code !== 'participation.import_rows_invalid') return null;
  const report = (err.problem as unknown as { report?: ImportReport }).report;
  return report && Array.isArray(report.problems) ? report : null;
}

/** Public paths of a consultation's pages (the server's `portalPaths`: `/participation/:consultationId/*`). */
export const paths = {
  list: '/participation',
  consultation: (id: string) => `/participation/${enc(id)}`,
  map: (id: string) => `/participation/${enc(id)}/carte`,
  synthesis: (id: string) => `/participation/${enc(id)}/synthese`,
  contribution: (id: string, contributionId: string, quote?: { start: number; end: number }) =>
    `/participation/${enc(id)}/contributions/${enc(contributionId)}${quote ? `?start=${quote.start}&end=${quote.end}` : ''}`,
  admin: {
    list: '/admin/participation',
    create: '/admin/participation/nouvelle',
    consultation: (id: string) => `/admin/participation/${enc(id)}`,
    moderation: (id: string) => `/admin/participation/${enc(id)}/moderation`,
    stats: (id: string) => `/admin/participation/${enc(id)}/statistiques`,
    imports: (id: string) => `/admin/participation/${enc(id)}/import`,
    synthesis: (id: string) => `/admin/participation/${enc(id)}/synthese`,
  },
};
