import type { PublicCategory } from '../api';

export interface CategoryGroup {
  parent: PublicCategory | null;
  leaves: PublicCategory[];
}

/** Categories grouped under their parent (a report is filed under a selectable leaf), in the server's order. */
export function groupCategories(items: PublicCategory[]): CategoryGroup[] {
  const parents = items.filter((c) => !c.parentCode);
  const groups: CategoryGroup[] = parents.map((p) => ({ parent: p, leaves: items.filter((c) => c.parentCode === p.code && c.selectable) }));
  const lone = items.filter((c) => !c.parentCode && c.selectable && !items.some((x) => x.parentCode === c.code));
  const orphans = items.filter((c) => c.parentCode && c.selectable && !parents.some((p) => p.code === c.parentCode));
  const out = groups.filter((g) => g.leaves.length > 0);
  if (lone.length + orphans.length > 0) out.push({ parent: null, leaves: [...lone, ...orphans] });
  return out;
}

/** The folded form of a text, for matching what a resident types against names and keywords. */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
