/**
 * The demo budget: two real documents of the commune of Crach in the SCDL format (see
 * demo/README.md for their source and licence), imported and published, so that `/budget` shows
 * something on a first start.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import { parseCsvText } from '../../../platform/files/csv';
import { DEFAULT_FILE_LIMITS } from '../../../platform/files/index';
import type { SeedContext } from '../../../platform/modules';
import { parseScdl } from './scdl';
import { budgetDocuments } from './schema';
import { storeBudget } from './service';

export const DEMO_BUDGET_DIR = new URL('./demo/', import.meta.url);
export const DEMO_BUDGET_FILES = ['crach-ca-2021-budget-principal.csv', 'crach-bp-2022-lotissement-le-boceno.csv'] as const;
/**
 * The population the commune's TOTEM files state (PopTot). The SCDL table does not carry it, so the
 * demo sets it as the document's population (what an import of the TOTEM file would give), not as
 * a population an agent entered.
 */
export const DEMO_POPULATION = 3446;

export async function seedDemoBudget({ tx }: SeedContext): Promise<void> {
  for (const name of DEMO_BUDGET_FILES) {
    const text = fs.readFileSync(fileURLToPath(new URL(name, DEMO_BUDGET_DIR)), 'utf8');
    const parsed = parseScdl(parseCsvText(text, DEFAULT_FILE_LIMITS).rows);
    if (parsed.refused.length) throw new Error(`Demo budget ${name}: ${parsed.refused[0]!.message}`);
    const { id } = await storeBudget(tx, SYSTEM_ACTOR, parsed, name, { replace: true, demo: true });
    await tx.update(budgetDocuments).set({ documentPopulation: DEMO_POPULATION, published: true, publishedAt: new Date() }).where(eq(budgetDocuments.id, id));
  }
}
