/**
 * Import findings in the reader's language: every issue code the importers emit has a French and an
 * English message, amounts are formatted, and an unknown code falls back to the stored message.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { issue, type IssueCode } from '../../budget/model';
import en from './i18n/en.json';
import fr from './i18n/fr.json';
import { issueText } from './issues';

const CODES: IssueCode[] = [
  'xml_unreadable', 'not_totem', 'no_budget', 'header_missing', 'columns_missing', 'value_missing', 'value_invalid', 'amount_invalid', 'other_document', 'no_lines', 'section_inferred',
  'section_conflict', 'chapter_missing', 'natdec_case', 'kind_unknown', 'balance', 'order_transfers', 'transfer_023_021', 'credits_exceeded', 'population_missing', 'too_many_lines', 'issues_truncated',
];

async function translator(lng: 'fr' | 'en') {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { fr: { communication: { budget: fr } }, en: { communication: { budget: en } } }, ns: ['communication'], defaultNS: 'communication', interpolation: { escapeValue: false } });
  return i.t.bind(i);
}
const euros = (cents: number) => `${(cents / 100).toFixed(2)} €`;

describe('budget issues in fr and en', () => {
  it('has a message for every code in both languages', () => {
    for (const code of CODES) {
      expect((fr.issue as Record<string, string>)[code], code).toBeTruthy();
      expect((en.issue as Record<string, string>)[code], code).toBeTruthy();
    }
  });

  it('renders the code with its params (amounts in euros), the stored message as fallback', async () => {
    const t = await translator('en');
    const balance = issue(null, null, 'balance', 'La section…', { section: 'I', receipts: 24_000, expenditure: 25_000, difference: -1000 });
    expect(issueText(t, balance, euros)).toEqual({ text: 'The investment section is not voted in balance: receipts 240.00 €, expenditure 250.00 € (gap -10.00 €).', translated: true });
    const text = issue(3, 'LibCpte', 'value_invalid', 'LibCpte : texte refusé (caractère de contrôle).', { field: 'LibCpte', reason: 'control_character' });
    expect(issueText(t, text, euros).text).toBe('LibCpte: text refused (control character).');
    expect(issueText(t, issue(null, null, 'issues_truncated', '…', { count: 12 }), euros).text).toBe('… and 12 more problem(s), not listed.');
    const unknown = { line: null, field: null, code: 'from_the_future', params: {}, message: 'Message en français' };
    expect(issueText(t, unknown, euros)).toEqual({ text: 'Message en français', translated: false });
    const tf = await translator('fr');
    expect(issueText(tf, balance, euros).text).toContain('La section d’investissement n’est pas votée en équilibre');
  });
});
