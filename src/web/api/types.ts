export type Localized = { fr: string; en: string };

export interface RegisterEntry {
  id: string;
  module: string;
  name: Localized;
  purpose: Localized;
  organisation: { name: string; contact: string };
  legalBasis: Localized;
  dataUsed: Localized;
  dataSources: string[];
  method: Localized;
  provider: { kind: 'none' | 'openai-compatible'; baseUrl: string | null; model: string | null; label: string };
  humanOversight: Localized;
  howToContest: Localized;
  riskCategory: 'not_ai' | 'minimal' | 'limited' | 'high';
  status: 'active' | 'inactive' | 'experimental';
  lastChange: string | null;
}

export interface RegisterResponse {
  generatedAt: string;
  organisation: string;
  entries: RegisterEntry[];
}

export interface Organisation {
  name: string;
  contactEmail: string;
  contactUrl: string | null;
  dpoEmail: string | null;
}

export interface TerritoryCommune {
  code?: string;
  name?: string;
  population?: number;
  population2021?: number;
  areaKm2?: number;
  departement?: string;
  [k: string]: unknown;
}

export interface TerritorySource {
  id?: string;
  name?: string;
  publisher?: string;
  licence?: string;
  url?: string;
  usedFor?: string;
}

export interface TerritoryResponse {
  commune?: TerritoryCommune;
  neighbours?: TerritoryCommune[];
  demo?: boolean;
  sources?: TerritorySource[];
}

export type Role = 'admin' | 'agent' | 'moderator' | 'analyst';
export const ROLES: Role[] = ['admin', 'agent', 'moderator', 'analyst'];

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

/** A user as the admin list returns it; the status fields vary, so read them through `isActive`. */
export interface AdminUser extends StaffUser {
  active?: boolean;
  status?: string;
  deactivatedAt?: string | null;
  disabledAt?: string | null;
  throttledUntil?: string | null;
  lastLoginAt?: string | null;
  createdAt?: string;
}

export function isActive(u: AdminUser): boolean {
  if (typeof u.active === 'boolean') return u.active;
  if (typeof u.status === 'string') return u.status === 'active';
  return !(u.deactivatedAt ?? u.disabledAt);
}

export interface MeResponse {
  user: StaffUser;
  csrfToken: string;
  permissions: string[];
  mustChangePassword?: boolean;
}

export interface LoginResponse {
  user: StaffUser;
  csrfToken: string;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  events: AuditEvent[];
  nextBefore: number | null;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { id: number; reason: string } | null;
}

export interface ProviderSettingRead {
  enabled: boolean;
  baseUrl: string | null;
  model: string | null;
  apiKey: { set: boolean } | string;
}

export interface AiProvidersRead {
  generation: ProviderSettingRead;
  embeddings: ProviderSettingRead;
  reranking: ProviderSettingRead;
}
