/**
 * Checks on a whole budget document, after its lines are read: sums by section and direction, and
 * the rules a document must follow (reported as deviations: a real file is imported anyway, and its
 * page shows what does not add up).
 *
 * - a voted budget (BP, BS, DM) balances each section: receipts = expenditure (CGCT L. 1612-4);
 * - order operations between sections mirror each other: expenditure of chapter 042 (running) =
 *   receipts of chapter 040 (investment), and the reverse; chapter 041 balances itself;
 * - the transfer to investment (023, running expenditure) = the transfer received (021);
 * - accounts: realised expenditure of a chapter does not exceed its open credits.
 */
import { issue, type BudgetIssue, type BudgetLineInput, type DocumentKind } from './model';

export interface SectionTotals {
  /** cents */
  planned: number;
  realised: number;
  /** Real operations only (order operations between sections left out). */
  plannedReal: number;
  realisedReal: number;
}

export interface BudgetTotals {
  F: { R: SectionTotals; D: SectionTotals };
  I: { R: SectionTotals; D: SectionTotals };
}

const zero = (): SectionTotals => ({ planned: 0, realised: 0, plannedReal: 0, realisedReal: 0 });

export function totalsOf(lines: readonly BudgetLineInput[]): BudgetTotals {
  const t: BudgetTotals = { F: { R: zero(), D: zero() }, I: { R: zero(), D: zero() } };
  for (const l of lines) {
    const s = t[l.section][l.direction];
    s.planned += l.planned ?? 0;
    s.realised += l.realised ?? 0;
    if (l.real) {
      s.plannedReal += l.planned ?? 0;
      s.realisedReal += l.realised ?? 0;
    }
  }
  return t;
}

export const euros = (cents: number) => `${(cents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

function sum(lines: readonly BudgetLineInput[], pick: (l: BudgetLineInput) => number | null, where: (l: BudgetLineInput) => boolean): number {
  let s = 0;
  for (const l of lines) if (where(l)) s += pick(l) ?? 0;
  return s;
}

/** Deviations of the whole document (see the file's comment). */
export function documentDeviations(kind: DocumentKind, lines: readonly BudgetLineInput[]): BudgetIssue[] {
  const out: BudgetIssue[] = [];
  const totals = totalsOf(lines);
  const accounts = kind === 'CA';
  const amount = accounts ? (l: BudgetLineInput) => l.realised : (l: BudgetLineInput) => l.planned;
  if (!accounts) {
    for (const section of ['F', 'I'] as const) {
      const r = totals[section].R.planned;
      const d = totals[section].D.planned;
      if (r !== d) {
        const name = section === 'F' ? 'fonctionnement' : 'investissement';
        out.push(
          issue(null, null, 'balance', `La section de ${name} n’est pas votée en équilibre : recettes ${euros(r)}, dépenses ${euros(d)} (écart ${euros(r - d)}).`, {
            section,
            receipts: r,
            expenditure: d,
            difference: r - d,
          }),
        );
      }
    }
  }
  const chapter = (c: string, section: 'F' | 'I', direction: 'R' | 'D') => sum(lines, amount, (l) => l.chapter === c && l.section === section && l.direction === direction);
  const pairs: [string, number, string, number][] = [
    ['042 D', chapter('042', 'F', 'D'), '040 R', chapter('040', 'I', 'R')],
    ['042 R', chapter('042', 'F', 'R'), '040 D', chapter('040', 'I', 'D')],
    ['041 D', chapter('041', 'I', 'D'), '041 R', chapter('041', 'I', 'R')],
  ];
  for (const [a, va, b, vb] of pairs) {
    if (va !== vb)
      out.push(
        issue(null, null, 'order_transfers', `Les opérations d’ordre ne se répondent pas : ${a} = ${euros(va)}, ${b} = ${euros(vb)} (écart ${euros(va - vb)}).`, {
          a,
          b,
          amountA: va,
          amountB: vb,
        }),
      );
  }
  if (!accounts) {
    const v023 = chapter('023', 'F', 'D');
    const v021 = chapter('021', 'I', 'R');
    if (v023 !== v021)
      out.push(issue(null, null, 'transfer_023_021', `Le virement à l’investissement (023 : ${euros(v023)}) ne correspond pas au virement reçu (021 : ${euros(v021)}).`, { v023, v021 }));
  } else {
    const byChapter = new Map<string, { open: number; realised: number; ref: number }>();
    for (const l of lines) {
      if (l.direction !== 'D' || !l.real || !l.chapter || l.open === null) continue;
      const key = `${l.section} ${l.chapter}`;
      const c = byChapter.get(key) ?? { open: 0, realised: 0, ref: l.ref };
      c.open += l.open;
      c.realised += l.realised ?? 0;
      byChapter.set(key, c);
    }
    for (const [key, c] of byChapter) {
      if (c.realised > c.open) {
        const chap = key.slice(2);
        out.push(
          issue(null, chap, 'credits_exceeded', `Chapitre ${chap} : dépenses réalisées ${euros(c.realised)} au-delà des crédits ouverts ${euros(c.open)}.`, {
            chapter: chap,
            realised: c.realised,
            open: c.open,
          }),
        );
      }
    }
  }
  return out;
}
