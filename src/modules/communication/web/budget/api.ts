/**
 * The budget API as the pages read it (see /api/docs, tags `budget` and `budget (back-office)`).
 * Types come from the server's schemas, so a changed field breaks the build.
 */
import { api, ApiError, apiErrorOf, apiHeaders } from '@web/api/client';
import type { Me } from '../../../accounts/api-schemas';
import type { AdminBudgetDocument, AdminBudgetDocumentList, BudgetAmountRow, BudgetImportReport, BudgetIssueView, PublicBudgetDocument, PublicBudgetList, PublicBudgetSummary } from '../../budget/api-schemas';

export type { AdminBudgetDocument, BudgetAmountRow, BudgetImportReport, BudgetIssueView, PublicBudgetDocument, PublicBudgetSummary };

export const BUDGET_PERMISSION = 'communication.budget';
const enc = encodeURIComponent;
const ADMIN = '/api/admin/budget';

export const budgetApi = {
  list: () => api.get<PublicBudgetList>('/api/budget'),
  document: (id: string) => api.get<PublicBudgetDocument>(`/api/budget/documents/${enc(id)}`),
};

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

export const budgetAdminApi = {
  list: () => api.get<AdminBudgetDocumentList>(`${ADMIN}/documents`),
  import: (form: FormData) => upload<BudgetImportReport>(`${ADMIN}/import`, form),
  publish: (id: string, published: boolean) => api.post<AdminBudgetDocument>(`${ADMIN}/documents/${enc(id)}/publish`, { published }),
  setPopulation: (id: string, population: number | null) => api.patch<AdminBudgetDocument>(`${ADMIN}/documents/${enc(id)}`, { population }),
};

/** The report a refused import carries in its problem (422). */
export function refusedReport(error: unknown): BudgetImportReport | null {
  if (error instanceof ApiError && error.code === 'communication.budget_import_refused') return (error.problem as unknown as { report?: BudgetImportReport }).report ?? null;
  return null;
}
