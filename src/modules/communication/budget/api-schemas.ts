/**
 * The budget part's API shapes, in zod: the routes validate requests and responses with them, and
 * the pages import their inferred types. Pure zod, no Node import. Amounts are cents.
 */
import { z } from 'zod';

export const DOCUMENT_KIND_VALUES = ['BP', 'BS', 'DM', 'CA'] as const;
const kind = z.enum(DOCUMENT_KIND_VALUES);

export const issueSchema = z.object({
  line: z.number().int().nullable(),
  field: z.string().nullable(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type BudgetIssueView = z.infer<typeof issueSchema>;

const sectionTotals = z.object({ planned: z.number(), realised: z.number(), plannedReal: z.number(), realisedReal: z.number() });
export const totalsSchema = z.object({
  F: z.object({ R: sectionTotals, D: sectionTotals }),
  I: z.object({ R: sectionTotals, D: sectionTotals }),
});

export const importReportSchema = z.object({
  imported: z.boolean(),
  replaced: z.boolean(),
  documentId: z.string().nullable(),
  format: z.enum(['totem', 'scdl']),
  filename: z.string(),
  siret: z.string(),
  entityName: z.string(),
  year: z.number().int(),
  kind,
  nomenclature: z.string().nullable(),
  population: z.number().int().nullable(),
  linesRead: z.number().int(),
  linesImported: z.number().int(),
  refused: z.array(issueSchema),
  deviations: z.array(issueSchema),
  totals: totalsSchema,
});
export type BudgetImportReport = z.infer<typeof importReportSchema>;

export const importFields = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Report only: nothing is imported'),
  replace: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Replace the document of the same SIRET, year and kind (unpublished again)'),
});

export const adminDocumentSchema = z.object({
  id: z.string(),
  siret: z.string(),
  entityName: z.string(),
  year: z.number().int(),
  kind,
  nomenclature: z.string().nullable(),
  format: z.enum(['totem', 'scdl']),
  filename: z.string(),
  documentPopulation: z.number().int().nullable(),
  population: z.number().int().nullable(),
  linesRead: z.number().int(),
  lines: z.number().int(),
  deviations: z.array(issueSchema),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  importedAt: z.string(),
  demo: z.boolean(),
  totals: totalsSchema,
});
export type AdminBudgetDocument = z.infer<typeof adminDocumentSchema>;
export const adminDocumentListSchema = z.object({ items: z.array(adminDocumentSchema) });
export type AdminBudgetDocumentList = z.infer<typeof adminDocumentListSchema>;

export const documentParams = z.strictObject({ id: z.uuid() });
export const publishBody = z.strictObject({ published: z.boolean() });
export const updateDocumentBody = z.strictObject({ population: z.number().int().min(1).max(100_000_000).nullable().describe('Population for per-inhabitant figures; null: the document’s own') });

export const publicDocumentSummarySchema = z.object({
  id: z.string(),
  siret: z.string(),
  entityName: z.string(),
  year: z.number().int(),
  kind,
  /** Receipts and expenditure of real operations: realised for accounts, voted otherwise. */
  receipts: z.number(),
  expenditure: z.number(),
});
export type PublicBudgetSummary = z.infer<typeof publicDocumentSummarySchema>;
export const publicListSchema = z.object({ items: z.array(publicDocumentSummarySchema) });
export type PublicBudgetList = z.infer<typeof publicListSchema>;

const amountRow = z.object({
  key: z.string(),
  /** A chapter or function code (empty: not given). */
  code: z.string(),
  /** The file's own label (French), if any; pages use their own label table first. */
  label: z.string().nullable(),
  /** Null when both sections are added up (functions: what the money is for, running or invested). */
  section: z.enum(['F', 'I']).nullable(),
  direction: z.enum(['R', 'D']),
  amount: z.number(),
  perInhabitant: z.number().nullable(),
});
export type BudgetAmountRow = z.infer<typeof amountRow>;

export const publicDocumentSchema = z.object({
  id: z.string(),
  siret: z.string(),
  entityName: z.string(),
  year: z.number().int(),
  kind,
  nomenclature: z.string().nullable(),
  family: z.enum(['M14', 'M57']),
  /** Realised amounts (accounts) or voted ones (budgets). */
  measure: z.enum(['realised', 'planned']),
  population: z.number().int().nullable(),
  populationSource: z.enum(['document', 'entered']).nullable(),
  totals: totalsSchema,
  /** Real operations by section and direction (what the resident reads first). */
  sections: z.array(z.object({ section: z.enum(['F', 'I']), direction: z.enum(['R', 'D']), amount: z.number(), perInhabitant: z.number().nullable() })),
  /** Running receipts minus running expenditure (real operations): what is left to invest or repay. */
  selfFinancing: z.number(),
  byChapter: z.array(amountRow),
  byFunction: z.array(amountRow),
  /** The same year's budget voted and accounts, when both are published. */
  comparison: z
    .object({
      /** The budget voted (BP) the comparison uses, when the accounts carry no open credits. */
      budgetId: z.string().nullable(),
      accountsId: z.string(),
      /** What "voted" is: the accounts' open credits (BP + BS + DM), or the budget voted (BP) alone. */
      votedSource: z.enum(['open', 'budget']),
      rows: z.array(z.object({ key: z.string(), code: z.string(), label: z.string().nullable(), section: z.enum(['F', 'I']).nullable(), direction: z.enum(['R', 'D']), voted: z.number(), realised: z.number() })),
    })
    .nullable(),
  /** Every published document of the same SIRET, year by year. */
  evolution: z.array(publicDocumentSummarySchema),
  deviations: z.array(issueSchema),
  /** Where the data comes from (file name, format). */
  source: z.string(),
});
export type PublicBudgetDocument = z.infer<typeof publicDocumentSchema>;
