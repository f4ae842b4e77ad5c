/**
 * The assemblies API as the pages read it (see /api/docs, tags `assemblies` and `assemblies
 * (back-office)`). Types come from the server's schemas, so a changed field breaks the build.
 */
import { api, ApiError } from '@web/api/client';
import type {
  AdminAssembly,
  AdminAssemblyList,
  CreateAssemblyInput,
  Feasibility,
  ImportReport,
  PublicAssembly,
  PublicAssemblyList,
  QuotaInput,
  UpdateAssemblyInput,
  Verification,
  VolunteerList,
} from '../api-schemas';

export type { AdminAssembly, Feasibility, ImportReport, PublicAssembly, QuotaInput, Verification, VolunteerList };

export const PERMISSIONS = { organise: 'assemblies.organise' } as const;
export const REGISTER_ID = 'assemblies.sortition';

const enc = encodeURIComponent;
const PUBLIC = '/api/assemblies';
const ADMIN = '/api/admin/assemblies';

export const adminApi = {
  list: () => api.get<AdminAssemblyList>(ADMIN),
  get: (id: string) => api.get<AdminAssembly>(`${ADMIN}/${enc(id)}`),
  create: (body: CreateAssemblyInput) => api.post<AdminAssembly, CreateAssemblyInput>(ADMIN, body),
  update: (id: string, body: UpdateAssemblyInput) => api.patch<AdminAssembly, UpdateAssemblyInput>(`${ADMIN}/${enc(id)}`, body),
  fromShares: (id: string, shares: Record<string, Record<string, number>>, seats: number) =>
    api.post<AdminAssembly>(`${ADMIN}/${enc(id)}/quotas/from-shares`, { shares, tolerance: { seats } }),
  volunteers: (id: string) => api.get<VolunteerList>(`${ADMIN}/${enc(id)}/volunteers`),
  importPool: (id: string, form: FormData) => api.upload<ImportReport>(`${ADMIN}/${enc(id)}/pool`, form),
  feasibility: (id: string) => api.get<Feasibility>(`${ADMIN}/${enc(id)}/feasibility`),
  compute: (id: string) => api.post<AdminAssembly>(`${ADMIN}/${enc(id)}/compute`, {}),
  publish: (id: string, publicSource: string | null) => api.post<AdminAssembly>(`${ADMIN}/${enc(id)}/publish`, { publicSource }),
  draw: (id: string, publicValue: string | null) => api.post<AdminAssembly>(`${ADMIN}/${enc(id)}/draw`, { publicValue }),
  replace: (id: string, dropouts: string[]) => api.post<AdminAssembly>(`${ADMIN}/${enc(id)}/replacements`, { dropouts }),
};

export const panelHref = (id: string) => `${ADMIN}/${enc(id)}/panel.csv`;

export const portalApi = {
  list: () => api.get<PublicAssemblyList>(PUBLIC),
  get: (id: string) => api.get<PublicAssembly>(`${PUBLIC}/${enc(id)}`),
  file: (id: string, file: 'distribution.json' | 'announcement.json' | 'draw.json') => api.get<Record<string, unknown>>(`${PUBLIC}/${enc(id)}/files/${file}`),
  verify: (files: { distribution: Record<string, unknown>; announcement: Record<string, unknown>; record: Record<string, unknown> }) =>
    api.post<Verification>(`${PUBLIC}/verify`, files),
};

export const fileHref = (id: string, file: 'distribution.json' | 'announcement.json' | 'draw.json') => `${PUBLIC}/${enc(id)}/files/${file}`;

export const paths = {
  list: '/participation/assemblees',
  assembly: (id: string) => `/participation/assemblees/${enc(id)}`,
  admin: { list: '/admin/assemblees', assembly: (id: string) => `/admin/assemblees/${enc(id)}` },
};

/** The report a refused import carries (422 `assemblies.import_rows_invalid`), to show its problems by line. */
export function refusedImportReport(err: unknown): ImportReport | null {
  if (!(err instanceof ApiError) || err.code !== 'assemblies.import_rows_invalid') return null;
  const report = (err.problem as unknown as { report?: ImportReport }).report;
  return report && Array.isArray(report.problems) ? report : null;
}

/** The relaxation a refused computation carries (409 `assemblies.infeasible`). */
export function refusedFeasibility(err: unknown): Feasibility | null {
  if (!(err instanceof ApiError) || err.code !== 'assemblies.infeasible') return null;
  return (err.problem as unknown as { feasibility?: Feasibility }).feasibility ?? null;
}

/** Quotas as the creation form's text: one `feature;value;min;max` per line. */
export function quotasToText(quotas: readonly QuotaInput[]): string {
  return quotas.map((q) => [q.feature, q.value, q.min, q.max].join(';')).join('\n');
}

/** The creation form's text as quotas; the lines that cannot be read, by number (1-based). */
export function quotasFromText(text: string): { quotas: QuotaInput[]; badLines: number[] } {
  const quotas: QuotaInput[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [feature, value, min, max] = line.split(/[;,\t]/).map((c) => c.trim());
    const lo = Number(min);
    const hi = Number(max);
    if (!feature || !value || !Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < 0) badLines.push(i + 1);
    else quotas.push({ feature, value, min: lo, max: hi });
  });
  return { quotas, badLines };
}

/** Population shares as text, one `feature;value;share` per line (a share in % or as a fraction); the unreadable lines by number. */
export function sharesFromText(text: string): { shares: Record<string, Record<string, number>>; badLines: number[] } {
  const shares: Record<string, Record<string, number>> = {};
  const badLines: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [feature, value, share] = line.split(/[;\t]/).map((c) => c.trim());
    const n = Number((share ?? '').replace('%', '').replace(',', '.'));
    if (!feature || !value || !Number.isFinite(n) || n < 0) badLines.push(i + 1);
    else (shares[feature] ??= {})[value] = n;
  });
  return { shares, badLines };
}

export const percent = (p: number, language: string) => new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p);
export const decimal = (x: number, language: string) => new Intl.NumberFormat(language, { maximumFractionDigits: 3 }).format(x);
