import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { budgetApi, type BudgetAmountRow, type PublicBudgetDocument, type PublicBudgetSummary } from './api';
import { ChartTable } from '@web/components/ChartTable';
import { TableWrap } from '@web/components/TableWrap';
import { useIssueText } from './issues';
import './budget.css';

const GLOSSARY = ['fonctionnement', 'investissement', 'recettes', 'depenses', 'chapitre', 'nature', 'fonction', 'bp', 'ca', 'autofinancement', 'ordre', 'nomenclature'] as const;
const MAIN_CHAPTERS = ['011', '012', '014', '65', '66', '67', '013', '70', '73', '74', '75', '77', '002', '023', '021', '10', '13', '16', '20', '204', '21', '23', '024', '001'];

/** The document shown first: the newest accounts, else the newest document. */
function defaultDocument(items: readonly PublicBudgetSummary[]): string | null {
  return (items.find((d) => d.kind === 'CA') ?? items[0])?.id ?? null;
}

/**
 * `/budget`: where the town's money comes from and where it goes, for a published budget or
 * accounts (`?document=<id>`): key figures and per inhabitant, running against investment, by
 * chapter and function with words a resident reads, the budget voted against the accounts of a
 * year, the years side by side, the checks' findings, codes and a glossary. Every chart has its
 * data table beside it.
 */
export function BudgetPage() {
  const { t } = useTranslation('communication');
  const [params, setParams] = useSearchParams();
  const list = useResource(() => budgetApi.list(), []);
  const items = list.data?.items ?? [];
  const chosen = params.get('document') && items.some((d) => d.id === params.get('document')) ? params.get('document') : defaultDocument(items);

  return (
    <Page title={t('budget.portal.title')} lead={<p>{t('budget.portal.intro')}</p>} className="bu-page">
      {list.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, list.error)}
        </p>
      ) : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && items.length === 0 ? <p>{t('budget.portal.none')}</p> : null}
      {items.length > 0 && chosen ? <DocumentChoice items={items} chosen={chosen} onChoose={(id) => setParams({ document: id })} /> : null}
      {chosen ? <DocumentView key={chosen} id={chosen} /> : null}
      <Codes />
      <Glossary />
    </Page>
  );
}

function DocumentChoice({ items, chosen, onChoose }: { items: readonly PublicBudgetSummary[]; chosen: string; onChoose(id: string): void }) {
  const { t } = useTranslation('communication');
  // Two budgets of one commune (the main one, an annex) may carry the same name: their SIRET tells them apart.
  const shared = (d: PublicBudgetSummary) => items.some((o) => o.entityName === d.entityName && o.siret !== d.siret);
  const entityOf = (d: PublicBudgetSummary) => (shared(d) ? `${d.entityName} (SIRET ${d.siret})` : d.entityName);
  const id = useId();
  const [value, setValue] = useState(chosen);
  return (
    <form
      className="bu-filters card"
      onSubmit={(e) => {
        e.preventDefault();
        onChoose(value);
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t('budget.portal.document')}
        </label>
        <select id={id} className="field-input" value={value} onChange={(e) => setValue(e.target.value)}>
          {items.map((d) => (
            <option key={d.id} value={d.id}>
              {t('budget.portal.documentOption', { kind: t(`budget.kinds.${d.kind}`), year: d.year, entity: entityOf(d) })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t('budget.portal.show')}
      </button>
    </form>
  );
}

function useFormats() {
  const { i18n } = useTranslation('communication');
  const lang = i18n.language;
  return useMemo(() => {
    const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
    const moneyCents = new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
    const num = new Intl.NumberFormat(lang);
    return {
      euros: (cents: number) => money.format(Math.round(cents / 100)),
      // Under 10 € per inhabitant, cents are shown: a small chapter is not "0 €".
      perHead: (cents: number | null) => (cents === null ? '—' : Math.abs(cents) < 1000 ? moneyCents.format(cents / 100) : money.format(Math.round(cents / 100))),
      pct: (x: number | null) => (x === null ? '—' : pct.format(x)),
      num: (n: number) => num.format(n),
    };
  }, [lang]);
}

/** A chapter's words: the page's label table first, then the file's own label, else the code. */
function useLabels(doc: Pick<PublicBudgetDocument, 'family'>) {
  const { t, i18n } = useTranslation('communication');
  return {
    chapter: (code: string, fileLabel: string | null) => {
      if (!code) return fileLabel ?? t('budget.portal.chapter');
      const key = `budget.chapters.${code}`;
      const known = i18n.exists(key, { ns: 'communication' }) ? t(key) : fileLabel;
      return known ? `${code} — ${known}` : code;
    },
    fn: (code: string) => {
      const key = `budget.functions.${doc.family}.${code}`;
      return i18n.exists(key, { ns: 'communication' }) ? `${code} — ${t(key)}` : code;
    },
  };
}

function DocumentView({ id }: { id: string }) {
  const { t } = useTranslation('communication');
  const doc = useResource(() => budgetApi.document(id), [id]);
  const f = useFormats();
  const issueText = useIssueText();
  if (doc.error)
    return (
      <p className="error-text" role="alert">
        {problemMessage(t, doc.error)}
      </p>
    );
  if (!doc.data) return <Loading />;
  const d = doc.data;
  const section = (s: 'F' | 'I', r: 'R' | 'D') => d.sections.find((x) => x.section === s && x.direction === r)!;
  const receipts = section('F', 'R').amount + section('I', 'R').amount;
  const expenditure = section('F', 'D').amount + section('I', 'D').amount;
  const perHead = (cents: number) => (d.population ? Math.round(cents / d.population) : null);

  return (
    <>
      <h2 data-testid="budget-document-title">
        {t(`budget.kinds.${d.kind}`)} {d.year} — {d.entityName}
      </h2>
      <p className="small">
        SIRET {d.siret}
        {d.nomenclature ? ` — ${t('budget.portal.nomenclature', { value: d.nomenclature })}` : ''}
      </p>
      <p>
        {d.measure === 'realised' ? t('budget.portal.measureRealised') : t('budget.portal.measurePlanned')} {t('budget.portal.realOnly')}
      </p>
      <section className="section" aria-labelledby="bu-key">
        <h3 id="bu-key">{t('budget.portal.keyFigures')}</h3>
        <dl className="bu-facts" data-testid="budget-key-figures">
          <div>
            <dt>{t('budget.portal.receipts')}</dt>
            <dd>{f.euros(receipts)}</dd>
          </div>
          <div>
            <dt>{t('budget.portal.expenditure')}</dt>
            <dd>{f.euros(expenditure)}</dd>
          </div>
          <div>
            <dt>
              {t('budget.portal.expenditure')} — {t('budget.portal.perInhabitant').toLowerCase()}
            </dt>
            <dd>{f.perHead(perHead(expenditure))}</dd>
          </div>
          <div>
            <dt>{t('budget.portal.selfFinancing')}</dt>
            <dd>{f.euros(d.selfFinancing)}</dd>
          </div>
        </dl>
        <p>
          {d.population
            ? t('budget.portal.population', { population: f.num(d.population), source: d.populationSource === 'entered' ? t('budget.portal.populationEntered') : t('budget.portal.populationDocument') })
            : t('budget.portal.noPopulation')}
        </p>
      </section>

      <section className="section" aria-labelledby="bu-sections">
        <h3 id="bu-sections">{t('budget.portal.sections')}</h3>
        <p>{t('budget.portal.sectionsIntro')}</p>
        <ChartTable
          testId="budget-sections"
          caption={t('budget.portal.sectionsCaption')}
          columns={[t('budget.portal.section'), t('budget.portal.amount'), t('budget.portal.perInhabitant')]}
          rows={d.sections.map((s) => {
            const label = `${t(`budget.portal.section${s.section}`)} — ${t(`budget.portal.direction${s.direction}`).toLowerCase()}`;
            return { key: `${s.section}${s.direction}`, label, cells: [f.euros(s.amount), f.perHead(s.perInhabitant)], value: s.amount, valueText: f.euros(s.amount) };
          })}
        />
      </section>

      <AmountSection id="bu-from" title={t('budget.portal.comesFrom')} caption={t('budget.portal.comesFromCaption')} rows={d.byChapter.filter((r) => r.direction === 'R')} doc={d} kind="chapter" />
      <AmountSection id="bu-to" title={t('budget.portal.goesTo')} caption={t('budget.portal.goesToCaption')} rows={d.byChapter.filter((r) => r.direction === 'D')} doc={d} kind="chapter" />
      <AmountSection id="bu-function" title={t('budget.portal.byFunction')} caption={t('budget.portal.byFunctionCaption')} rows={d.byFunction.filter((r) => r.direction === 'D')} doc={d} kind="function" />

      <Comparison doc={d} />

      <section className="section" aria-labelledby="bu-evolution">
        <h3 id="bu-evolution">{t('budget.portal.evolution')}</h3>
        <ChartTable
          testId="budget-evolution"
          caption={t('budget.portal.evolutionCaption')}
          columns={[t('budget.portal.document'), t('budget.portal.receipts'), t('budget.portal.expenditure')]}
          rows={d.evolution.map((e) => ({
            key: e.id,
            label: `${t(`budget.kinds.${e.kind}`)} ${e.year}`,
            cells: [f.euros(e.receipts), f.euros(e.expenditure)],
            value: e.expenditure,
            valueText: f.euros(e.expenditure),
          }))}
        />
      </section>

      <section className="section" aria-labelledby="bu-quality" data-testid="budget-quality">
        <h3 id="bu-quality">{t('budget.portal.quality')}</h3>
        {d.deviations.length ? (
          <>
            <p>{t('budget.portal.qualityIntro')}</p>
            <ul>
              {d.deviations.map((x, i) => {
                const { text, translated } = issueText(x);
                return (
                  <li key={i} lang={translated ? undefined : 'fr'}>
                    {text}
                  </li>
                );
              })}
            </ul>
          </>
        ) : (
          <p>{t('budget.portal.qualityNone')}</p>
        )}
        <p className="small">{t('budget.portal.source', { source: d.source })}</p>
      </section>
    </>
  );
}

function AmountSection({ id, title, caption, rows, doc, kind }: { id: string; title: string; caption: string; rows: BudgetAmountRow[]; doc: PublicBudgetDocument; kind: 'chapter' | 'function' }) {
  const { t } = useTranslation('communication');
  const f = useFormats();
  const labels = useLabels(doc);
  return (
    <section className="section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {rows.length === 0 && kind === 'function' ? (
        <p>{t('budget.portal.noFunction')}</p>
      ) : (
        <ChartTable
          testId={id}
          caption={caption}
          columns={[kind === 'chapter' ? t('budget.portal.chapter') : t('budget.portal.function'), t('budget.portal.section'), t('budget.portal.amount'), t('budget.portal.perInhabitant')]}
          rows={rows.map((r) => ({
            key: r.key,
            label: kind === 'chapter' ? labels.chapter(r.code, r.label) : labels.fn(r.code),
            cells: [r.section ? t(`budget.portal.section${r.section}`) : t('budget.portal.sectionBoth'), f.euros(r.amount), f.perHead(r.perInhabitant)],
            value: r.amount,
            valueText: f.euros(r.amount),
          }))}
        />
      )}
    </section>
  );
}

function Comparison({ doc }: { doc: PublicBudgetDocument }) {
  const { t } = useTranslation('communication');
  const f = useFormats();
  const labels = useLabels(doc);
  const c = doc.comparison;
  return (
    <section className="section" aria-labelledby="bu-comparison" data-testid="budget-comparison">
      <h3 id="bu-comparison">{t(c?.votedSource === 'open' ? 'budget.portal.comparisonTitleOpen' : 'budget.portal.comparison', { year: doc.year })}</h3>
      {c ? (
        <>
          <p>{t(c.votedSource === 'open' ? 'budget.portal.comparisonIntroOpen' : 'budget.portal.comparisonIntro')}</p>
          <ChartTable
            testId="budget-comparison"
            caption={t('budget.portal.comparisonCaption', { year: doc.year })}
            columns={[t('budget.portal.chapter'), t('budget.portal.section'), t(c.votedSource === 'open' ? 'budget.portal.votedOpen' : 'budget.portal.voted'), t('budget.portal.realised'), t('budget.portal.rate')]}
            rows={c.rows.map((r) => {
              const rate = r.voted ? r.realised / r.voted : null;
              const label = `${labels.chapter(r.code, r.label)} (${t(`budget.portal.direction${r.direction}`).toLowerCase()})`;
              return {
                key: r.key,
                label,
                cells: [r.section ? t(`budget.portal.section${r.section}`) : t('budget.portal.sectionBoth'), f.euros(r.voted), f.euros(r.realised), f.pct(rate)],
                value: rate ?? 0,
                valueText: f.pct(rate),
              };
            })}
          />
        </>
      ) : (
        <p>{t('budget.portal.noComparison', { year: doc.year })}</p>
      )}
    </section>
  );
}

function Codes() {
  const { t } = useTranslation('communication');
  const family = ['M14', 'M57'] as const;
  return (
    <section className="section" aria-labelledby="bu-codes">
      <h2 id="bu-codes">{t('budget.portal.codes')}</h2>
      <p>{t('budget.portal.codesIntro')}</p>
      <TableWrap label={t('budget.portal.chapter')}>
        <table className="table" data-testid="budget-chapter-codes">
          <caption>{t('budget.portal.chapter')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('budget.portal.code')}</th>
              <th scope="col">{t('budget.portal.label')}</th>
            </tr>
          </thead>
          <tbody>
            {MAIN_CHAPTERS.map((c) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                <td>{t(`budget.chapters.${c}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <TableWrap label={t('budget.portal.function')}>
        <table className="table" data-testid="budget-function-codes">
          <caption>{t('budget.portal.function')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('budget.portal.code')}</th>
              {family.map((fam) => (
                <th key={fam} scope="col">
                  {fam}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01'].map((code) => (
              <tr key={code}>
                <th scope="row">{code}</th>
                {family.map((fam) => (
                  <td key={fam}>{t(`budget.functions.${fam}.${code}`)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Glossary() {
  const { t } = useTranslation('communication');
  return (
    <section className="section" aria-labelledby="bu-glossary">
      <h2 id="bu-glossary">{t('budget.portal.glossary')}</h2>
      <dl className="bu-glossary" data-testid="budget-glossary">
        {GLOSSARY.map((g) => (
          <div key={g}>
            <dt>{t(`budget.glossaryTerms.${g}.0`)}</dt>
            <dd>{t(`budget.glossaryTerms.${g}.1`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
