/**
 * The budget API as the pages read it (see /api/docs, tags `budget` and `budget (back-office)`).
 * Types come from the server's schemas, so a changed field breaks the build.
 */
import { api, ApiError } from '@web/api/client';
import type { AdminBudgetDocument, AdminBudgetDocumentList, BudgetAmountRow, BudgetImportReport, BudgetIssueView, PublicBudgetDocument, PublicBudgetList, PublicBudgetSummary } from '../../budget/api-schemas';

export type { AdminBudgetDocument, BudgetAmountRow, BudgetImportReport, BudgetIssueView, PublicBudgetDocument, PublicBudgetSummary };

export const BUDGET_PERMISSION = 'communication.budget';
const enc = encodeURIComponent;
const ADMIN = '/api/admin/budget';

export const budgetApi = {
  list: () => api.get<PublicBudgetList>('/api/budget'),
  document: (id: string) => api.get<PublicBudgetDocument>(`/api/budget/documents/${enc(id)}`),
};

export const budgetAdminApi = {
  list: () => api.get<AdminBudgetDocumentList>(`${ADMIN}/documents`),
  import: (form: FormData) => api.upload<BudgetImportReport>(`${ADMIN}/import`, form),
  publish: (id: string, published: boolean) => api.post<AdminBudgetDocument>(`${ADMIN}/documents/${enc(id)}/publish`, { published }),
  setPopulation: (id: string, population: number | null) => api.patch<AdminBudgetDocument>(`${ADMIN}/documents/${enc(id)}`, { population }),
};

/** The report a refused import carries in its problem (422). */
export function refusedReport(error: unknown): BudgetImportReport | null {
  if (error instanceof ApiError && error.code === 'communication.budget_import_refused') return (error.problem as unknown as { report?: BudgetImportReport }).report ?? null;
  return null;
}
