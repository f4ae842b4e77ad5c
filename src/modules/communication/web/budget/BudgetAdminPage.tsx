import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { budgetAdminApi, refusedReport, type AdminBudgetDocument, type BudgetImportReport, type BudgetIssueView } from './api';
import { TableWrap } from '@web/components/TableWrap';
import { useIssueText } from './issues';
import './budget.css';

/**
 * `/admin/budget`: import a budget document (TOTEM XML or SCDL table) and read its validation
 * report (refused lines with their line and reason, deviations, totals); the documents imported,
 * each published or not, with the population used per inhabitant.
 */
export function BudgetAdminPage() {
  const { t } = useTranslation('communication');
  const docs = useResource(() => budgetAdminApi.list(), []);
  return (
    <Page title={t('budget.admin.title')} lead={<p>{t('budget.admin.intro')}</p>} className="bu-page">
      <ImportForm onImported={docs.reload} />
      <section className="section" aria-labelledby="bu-docs">
        <h2 id="bu-docs">{t('budget.admin.documents')}</h2>
        {docs.error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, docs.error)}
          </p>
        ) : null}
        {!docs.data && !docs.error ? <Loading /> : null}
        {docs.data && docs.data.items.length === 0 ? <p>{t('budget.admin.none')}</p> : null}
        {docs.data && docs.data.items.length > 0 ? <DocumentTable items={docs.data.items} onChanged={docs.reload} /> : null}
      </section>
    </Page>
  );
}

function ImportForm({ onImported }: { onImported(): void }) {
  const { t } = useTranslation('communication');
  const ids = { file: useId(), replace: useId(), dryRun: useId() };
  const input = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [report, setReport] = useState<BudgetImportReport | null>(null);
  const { pending, error, submit } = useSubmission();
  const refused = refusedReport(error);
  const shown = report ?? refused;
  return (
    <section className="section" aria-labelledby="bu-import">
      <h2 id="bu-import">{t('budget.admin.import')}</h2>
      <form
        className="form card"
        onSubmit={(e) => {
          e.preventDefault();
          const chosen = input.current?.files?.[0];
          if (!chosen) return;
          const form = new FormData();
          form.append('replace', String(replace));
          form.append('dryRun', String(dryRun));
          form.append('file', chosen);
          setReport(null);
          submit(async () => {
            const r = await budgetAdminApi.import(form);
            setReport(r);
            if (r.imported) onImported();
          });
        }}
      >
        <ErrorSummary error={refused ? null : error} />
        <div className="field">
          <label className="field-label" htmlFor={ids.file}>
            {t('budget.admin.file')}
          </label>
          <p id={`${ids.file}-help`} className="field-description">
            {t('budget.admin.fileHelp')}
          </p>
          <input id={ids.file} ref={input} type="file" name="file" required className="field-input" accept=".xml,.csv,.xlsx,text/xml,application/xml,text/csv" aria-describedby={`${ids.file}-help`} />
        </div>
        <div className="bu-check">
          <input id={ids.replace} type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
          <label htmlFor={ids.replace}>{t('budget.admin.replace')}</label>
        </div>
        <div className="bu-check">
          <input id={ids.dryRun} type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          <label htmlFor={ids.dryRun}>{t('budget.admin.dryRun')}</label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {t('budget.admin.submit')}
          </button>
        </div>
      </form>
      {shown ? <ReportView report={shown} /> : null}
    </section>
  );
}

function IssueTable({ caption, issues, testId }: { caption: string; issues: readonly BudgetIssueView[]; testId: string }) {
  const { t } = useTranslation('communication');
  const issueText = useIssueText();
  return (
    <TableWrap label={caption}>
      <table className="table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('budget.admin.line')}</th>
            <th scope="col">{t('budget.admin.field')}</th>
            <th scope="col">{t('budget.admin.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((p, i) => {
            const { text, translated } = issueText(p);
            return (
              <tr key={i}>
                <th scope="row">{p.line ?? t('budget.admin.wholeDocument')}</th>
                <td>{p.field ?? '—'}</td>
                <td lang={translated ? undefined : 'fr'}>{text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

function ReportView({ report }: { report: BudgetImportReport }) {
  const { t, i18n } = useTranslation('communication');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [report]);
  const money = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'EUR' });
  const euros = (c: number) => money.format(c / 100);
  const vars = { file: report.filename, kind: t(`budget.kinds.${report.kind}`), year: report.year, lines: report.imported ? report.linesImported : report.linesRead };
  const title = report.refused.length ? t('budget.admin.reportRefused', vars) : report.imported ? t(report.replaced ? 'budget.admin.reportReplaced' : 'budget.admin.reportImported', vars) : t('budget.admin.reportChecked', vars);
  return (
    <div className={`card ${report.refused.length ? 'bu-ko' : 'bu-ok'}`} data-testid="budget-import-report">
      <h3 ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {report.refused.length ? <IssueTable caption={t('budget.admin.refused', { count: report.refused.length })} issues={report.refused} testId="budget-refused" /> : null}
      {report.deviations.length ? <IssueTable caption={t('budget.admin.deviations', { count: report.deviations.length })} issues={report.deviations} testId="budget-deviations" /> : <p>{t('budget.admin.noDeviation')}</p>}
      {!report.refused.length ? (
        <TableWrap label={t('budget.admin.totals')}>
          <table className="table" data-testid="budget-totals">
            <caption>{t('budget.admin.totals')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('budget.portal.section')}</th>
                <th scope="col" className="bu-num">
                  {t('budget.admin.planned')}
                </th>
                <th scope="col" className="bu-num">
                  {t('budget.admin.realised')}
                </th>
              </tr>
            </thead>
            <tbody>
              {(['F', 'I'] as const).flatMap((s) =>
                (['R', 'D'] as const).map((r) => (
                  <tr key={s + r}>
                    <th scope="row">
                      {t(`budget.portal.section${s}`)} — {t(`budget.portal.direction${r}`).toLowerCase()}
                    </th>
                    <td className="bu-num">{euros(report.totals[s][r].planned)}</td>
                    <td className="bu-num">{euros(report.totals[s][r].realised)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </div>
  );
}

function DocumentTable({ items, onChanged }: { items: AdminBudgetDocument[]; onChanged(): void }) {
  const { t } = useTranslation('communication');
  return (
    <>
      <TableWrap label={t('budget.admin.documents')}>
        <table className="table" data-testid="budget-documents">
          <caption className="visually-hidden">{t('budget.admin.documents')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('budget.admin.entity')}</th>
              <th scope="col">{t('budget.admin.kind')}</th>
              <th scope="col">{t('budget.admin.format')}</th>
              <th scope="col">{t('budget.admin.lines')}</th>
              <th scope="col">{t('budget.admin.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <DocumentRow key={d.id} doc={d} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      </TableWrap>
      {items
        .filter((d) => d.deviations.length)
        .map((d) => (
          <details key={d.id} className="card">
            <summary>{t('budget.admin.deviationsOf', { name: `${t(`budget.kinds.${d.kind}`)} ${d.year} — ${d.entityName}` })}</summary>
            <IssueTable caption={t('budget.admin.deviations', { count: d.deviations.length })} issues={d.deviations} testId={`budget-deviations-${d.id}`} />
          </details>
        ))}
    </>
  );
}

function DocumentRow({ doc, onChanged }: { doc: AdminBudgetDocument; onChanged(): void }) {
  const { t } = useTranslation('communication');
  const id = useId();
  const [population, setPopulation] = useState(doc.population === null ? '' : String(doc.population));
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmission();
  const name = `${t(`budget.kinds.${doc.kind}`)} ${doc.year} — ${doc.entityName}`;
  return (
    <tr>
      <th scope="row">
        {doc.entityName}
        <br />
        <span className="small">SIRET {doc.siret}</span>
      </th>
      <td>
        {t(`budget.kinds.${doc.kind}`)} {doc.year}
      </td>
      <td>
        {doc.format === 'totem' ? 'TOTEM' : 'SCDL'}
        <br />
        <span className="small">{doc.filename}</span>
      </td>
      <td>{doc.lines}</td>
      <td>
        <p>{doc.published ? t('budget.admin.published') : t('budget.admin.unpublished')}</p>
        <Button
          className="button"
          isDisabled={pending}
          onPress={() =>
            submit(async () => {
              await budgetAdminApi.publish(doc.id, !doc.published);
              onChanged();
            })
          }
        >
          {doc.published ? t('budget.admin.unpublish', { name }) : t('budget.admin.publish', { name })}
        </Button>
        <form
          className="bu-population"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            submit(async () => {
              await budgetAdminApi.setPopulation(doc.id, population.trim() ? Number(population) : null);
              setSaved(true);
              onChanged();
            });
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={id}>
              {t('budget.admin.populationLabel')}
            </label>
            <p className="field-description" id={`${id}-help`}>
              {t('budget.admin.populationHelp', { value: doc.documentPopulation ?? t('budget.admin.populationNone') })}
            </p>
            <input id={id} className="field-input" inputMode="numeric" pattern="[0-9]*" value={population} onChange={(e) => setPopulation(e.target.value)} aria-describedby={`${id}-help`} />
          </div>
          <button type="submit" className="button" disabled={pending} aria-label={`${t('budget.admin.savePopulation')} — ${name}`}>
            {t('budget.admin.savePopulation')}
          </button>
        </form>
        {saved ? <StatusMessage tone="success">{t('budget.admin.saved')}</StatusMessage> : null}
        {error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, error)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
