/**
 * An import finding in the reader's language: `budget.issue.<code>` with the issue's params
 * (amounts, stored in cents, formatted as euros), the stored French message when the code has no
 * translation.
 */
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BudgetIssueView } from './api';

const AMOUNT_PARAMS = new Set(['receipts', 'expenditure', 'difference', 'amountA', 'amountB', 'v023', 'v021', 'realised', 'open']);

export function issueText(t: TFunction, issue: BudgetIssueView, euros: (cents: number) => string): { text: string; translated: boolean } {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(issue.params)) params[k] = AMOUNT_PARAMS.has(k) && typeof v === 'number' ? euros(v) : v;
  let key = `budget.issue.${issue.code}`;
  if (issue.code === 'value_invalid' && typeof issue.params.reason === 'string') {
    key = 'budget.issue.value_invalid_text';
    params.reasonText = t(`budget.issueReason.${issue.params.reason}`, { defaultValue: issue.params.reason });
  }
  if (issue.code === 'amount_invalid' && issue.params.reason === 'exponent') key = 'budget.issue.amount_exponent';
  if (issue.code === 'balance' && typeof issue.params.section === 'string') params.sectionName = t(`budget.issueSection.${issue.params.section}`);
  const text = t(key, { ...params, defaultValue: '' });
  return text ? { text, translated: true } : { text: issue.message, translated: false };
}

/** `issueText` with the page's translation and the reader's euro format. */
export function useIssueText(): (issue: BudgetIssueView) => { text: string; translated: boolean } {
  const { t, i18n } = useTranslation('communication');
  return useMemo(() => {
    const money = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return (issue: BudgetIssueView) => issueText(t, issue, (cents) => money.format(cents / 100));
  }, [t, i18n.language]);
}
