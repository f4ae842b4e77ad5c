import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextAreaInput, TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import {
  adminApi,
  decimal,
  panelHref,
  paths,
  percent,
  refusedFeasibility,
  quotasFromText,
  quotasToText,
  refusedImportReport,
  sharesFromText,
  type AdminAssembly,
  type Feasibility,
  type ImportReport,
  type QuotaInput,
  type VolunteerList,
} from '../api';
import '../assemblies.css';
import { TableWrap } from '@web/components/TableWrap';

/**
 * `/admin/assemblees/:id`: an assembly from its quotas to its panel — import the pool (problems by
 * line, nothing stored while there are some), check the quotas (the smallest relaxation when they
 * cannot be met), compute the distribution (LEXIMIN, compared with MAXIMIN and LEGACY), publish the
 * commitment, draw, replace dropouts, export the panel.
 */
export function AssemblyAdminPage() {
  const { t } = useTranslation('assemblies');
  const { id = '' } = useParams();
  const assembly = useResource(() => adminApi.get(id), [id]);
  const volunteers = useResource(() => adminApi.volunteers(id), [id]);
  const a = assembly.data;
  const changed = (next: AdminAssembly) => {
    assembly.set(next);
    volunteers.reload();
  };
  if (assembly.error && !a) {
    return (
      <Page title={t('admin.detail.notFound')} className="as-page">
        <p role="alert">{problemMessage(t, assembly.error)}</p>
        <p>
          <Link to={paths.admin.list}>{t('admin.backToList')}</Link>
        </p>
      </Page>
    );
  }
  if (!a) return <Loading />;
  const frozen = a.status === 'published' || a.status === 'drawn';
  return (
    <Page title={a.title} lead={<p>{t('admin.detail.lead', { status: t(`status.${a.status}`), panel: a.panelSize, pool: a.poolSize })}</p>} className="as-page">
      <p>
        <Link to={paths.admin.list}>{t('admin.backToList')}</Link>
        {a.draw ? (
          <>
            {' · '}
            <Link to={paths.assembly(a.id)}>{t('admin.detail.publicPage')}</Link>
          </>
        ) : null}
      </p>
      <p className="small">{t('admin.detail.deletion', { date: a.deletionDate })}</p>
      <Quotas assembly={a} frozen={frozen} onChanged={changed} />
      {!frozen ? <PoolImport assembly={a} onImported={() => {
            assembly.reload();
            volunteers.reload();
          }} /> : null}
      {!frozen ? <FeasibilityCheck assembly={a} onChanged={changed} /> : null}
      <Distribution assembly={a} volunteers={volunteers.data} onChanged={changed} />
      <Publication assembly={a} onChanged={changed} />
      {a.status === 'drawn' ? <Panel assembly={a} volunteers={volunteers.data} onChanged={changed} /> : null}
    </Page>
  );
}

function Section({ id, title, children, testId }: { id: string; title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Quotas({ assembly, frozen, onChanged }: { assembly: AdminAssembly; frozen: boolean; onChanged(a: AdminAssembly): void }) {
  const { t } = useTranslation('assemblies');
  const [quotas, setQuotas] = useState<QuotaInput[]>(assembly.quotas);
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmission();
  useEffect(() => setQuotas(assembly.quotas), [assembly.quotas]);
  const set = (i: number, field: 'min' | 'max', value: string) => {
    setSaved(false);
    setQuotas(quotas.map((q, j) => (j === i ? { ...q, [field]: value === '' ? 0 : Math.max(0, Math.trunc(Number(value))) } : q)));
  };
  const save = () =>
    submit(async () => {
      onChanged(await adminApi.update(assembly.id, { quotas }));
      setSaved(true);
    });
  return (
    <Section id="as-quotas" title={t('admin.quotas.title')} testId="quotas">
      <p>{t(frozen ? 'admin.quotas.frozen' : 'admin.quotas.intro', { panel: assembly.panelSize })}</p>
      <ErrorSummary error={error} />
      <TableWrap label={t('admin.quotas.title')}>
        <table className="table">
          <caption className="visually-hidden">{t('admin.quotas.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.quotas.feature')}</th>
              <th scope="col">{t('admin.quotas.value')}</th>
              <th scope="col">{t('admin.quotas.min')}</th>
              <th scope="col">{t('admin.quotas.max')}</th>
            </tr>
          </thead>
          <tbody>
            {quotas.map((q, i) => (
              <tr key={`${q.feature}:${q.value}`}>
                <td>{q.feature}</td>
                <th scope="row">{q.value}</th>
                {(['min', 'max'] as const).map((field) => (
                  <td key={field}>
                    {frozen ? (
                      q[field]
                    ) : (
                      <input
                        className="field-input as-number"
                        type="number"
                        min={0}
                        inputMode="numeric"
                        aria-label={t(`admin.quotas.${field}Of`, { feature: q.feature, value: q.value })}
                        value={q[field]}
                        onChange={(e) => set(i, field, e.target.value)}
                      />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {!frozen ? (
        <div className="as-actions">
          <Button className="button" onPress={save} isDisabled={pending}>
            {t('admin.quotas.save')}
          </Button>
          {saved ? <StatusMessage tone="success">{t('admin.quotas.saved')}</StatusMessage> : null}
        </div>
      ) : null}
      {!frozen ? <QuotasAsText assembly={assembly} onChanged={onChanged} /> : null}
      {!frozen ? <QuotasFromShares assembly={assembly} onChanged={onChanged} /> : null}
    </Section>
  );
}

/** The quotas as text, to add or remove values (a value the pool has but the quotas lack, say). */
function QuotasAsText({ assembly, onChanged }: { assembly: AdminAssembly; onChanged(a: AdminAssembly): void }) {
  const { t } = useTranslation('assemblies');
  const [text, setText] = useState(quotasToText(assembly.quotas));
  const [badLines, setBadLines] = useState<number[]>([]);
  const { pending, error, submit } = useSubmission();
  useEffect(() => setText(quotasToText(assembly.quotas)), [assembly.quotas]);
  const run = () => {
    const parsed = quotasFromText(text);
    setBadLines(parsed.badLines);
    if (parsed.badLines.length) return;
    submit(async () => onChanged(await adminApi.update(assembly.id, { quotas: parsed.quotas })));
  };
  return (
    <details className="card">
      <summary>{t('admin.quotas.asText')}</summary>
      <ErrorSummary error={error} />
      {badLines.length ? (
        <p className="error-text" role="alert">
          {t('admin.create.badLines', { lines: badLines.join(', ') })}
        </p>
      ) : null}
      <TextAreaInput label={t('admin.create.quotas')} description={t('admin.quotas.asTextHelp')} rows={10} value={text} onChange={setText} />
      <Button className="button" isDisabled={pending} onPress={run}>
        {t('admin.quotas.saveText')}
      </Button>
    </details>
  );
}

/** Quotas around the population's shares of each value, within a tolerance in seats. */
function QuotasFromShares({ assembly, onChanged }: { assembly: AdminAssembly; onChanged(a: AdminAssembly): void }) {
  const { t } = useTranslation('assemblies');
  const [text, setText] = useState('');
  const [seats, setSeats] = useState('1');
  const [badLines, setBadLines] = useState<number[]>([]);
  const { pending, error, submit } = useSubmission();
  const run = () => {
    const parsed = sharesFromText(text);
    setBadLines(parsed.badLines);
    if (parsed.badLines.length || Object.keys(parsed.shares).length === 0) return;
    submit(async () => onChanged(await adminApi.fromShares(assembly.id, parsed.shares, Math.max(0, Number(seats) || 0))));
  };
  return (
    <details className="card">
      <summary>{t('admin.shares.title')}</summary>
      <ErrorSummary error={error} />
      {badLines.length ? (
        <p className="error-text" role="alert">
          {t('admin.shares.badLines', { lines: badLines.join(', ') })}
        </p>
      ) : null}
      <TextAreaInput label={t('admin.shares.shares')} description={t('admin.shares.help')} rows={6} value={text} onChange={setText} />
      <TextInput label={t('admin.shares.tolerance')} type="number" inputMode="numeric" value={seats} onChange={setSeats} />
      <Button className="button" isDisabled={pending} onPress={run}>
        {t('admin.shares.apply')}
      </Button>
    </details>
  );
}

function PoolImport({ assembly, onImported }: { assembly: AdminAssembly; onImported(): void }) {
  const { t } = useTranslation('assemblies');
  const inputId = useId();
  const helpId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const { pending, error, submit } = useSubmission();
  const refused = refusedImportReport(error);
  const run = () => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    setReport(null);
    submit(async () => {
      setReport(await adminApi.importPool(assembly.id, form));
      onImported();
    });
  };
  const shown = report ?? refused;
  return (
    <Section id="as-pool" title={t('admin.pool.title')} testId="pool">
      <p>{t('admin.pool.count', { count: assembly.poolSize })}</p>
      <div className="form card">
        <ErrorSummary error={refused ? null : error} />
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            {t('admin.pool.file')}
          </label>
          <p id={helpId} className="field-description">
            {t('admin.pool.help', { features: [...new Set(assembly.quotas.map((q) => q.feature))].join(', ') })}
          </p>
          <input id={inputId} type="file" className="field-input" accept=".csv,.xlsx,text/csv" aria-describedby={helpId} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div>
          <Button className="button button-primary" onPress={run} isDisabled={pending || !file}>
            {t('admin.pool.import')}
          </Button>
        </div>
      </div>
      {shown ? <ReportView report={shown} /> : null}
    </Section>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation('assemblies');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [report]);
  return (
    <div className={`card ${report.imported ? 'as-ok' : 'as-ko'}`} data-testid="import-report">
      <h3 ref={heading} tabIndex={-1}>
        {report.imported ? t('admin.pool.imported', { file: report.filename, count: report.volunteers }) : t('admin.pool.refused', { file: report.filename })}
      </h3>
      {report.problems.length ? (
        <TableWrap label={t('admin.pool.problems', { count: report.problems.length })}>
          <table className="table" data-testid="import-problems">
            <caption>{t('admin.pool.problems', { count: report.problems.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.pool.line')}</th>
                <th scope="col">{t('admin.pool.column')}</th>
                <th scope="col">{t('admin.pool.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((p, i) => (
                <tr key={i}>
                  <th scope="row">{p.line ?? '—'}</th>
                  <td>{p.column ?? '—'}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{t('admin.pool.columns', { features: report.columns.features.join(', '), personal: [...report.columns.personal, ...report.columns.address].join(', ') || '—' })}</p>
      )}
    </div>
  );
}

/** The smallest relaxation, value by value, and the button that applies it to the quotas. */
function Relaxation({ assembly, feasibility, onChanged }: { assembly: AdminAssembly; feasibility: Feasibility; onChanged(a: AdminAssembly): void }) {
  const { t } = useTranslation('assemblies');
  const { pending, error, submit } = useSubmission();
  return (
    <div className="card as-ko" data-testid="infeasible" role="status">
      <p>
        <strong>{t('admin.feasibility.infeasible')}</strong>
      </p>
      {feasibility.relaxedQuotas ? (
        <>
          <p>{t('admin.feasibility.proposal')}</p>
          <ul className="as-list">
            {feasibility.changes.map((c) => (
              <li key={`${c.feature}:${c.value}`}>
                {c.min ? t('admin.feasibility.lowerMin', { feature: c.feature, value: c.value, from: c.min.from, to: c.min.to }) : null}
                {c.min && c.max ? ' ; ' : null}
                {c.max ? t('admin.feasibility.raiseMax', { feature: c.feature, value: c.value, from: c.max.from, to: c.max.to }) : null}
              </li>
            ))}
          </ul>
          <ErrorSummary error={error} />
          <Button className="button" isDisabled={pending} onPress={() => submit(async () => onChanged(await adminApi.update(assembly.id, { quotas: feasibility.relaxedQuotas! })))}>
            {t('admin.feasibility.apply')}
          </Button>
        </>
      ) : (
        <p>{t('admin.feasibility.none')}</p>
      )}
    </div>
  );
}

function FeasibilityCheck({ assembly, onChanged }: { assembly: AdminAssembly; onChanged(a: AdminAssembly): void }) {
  const { t } = useTranslation('assemblies');
  const [result, setResult] = useState<{ for: string; feasibility: Feasibility } | null>(null);
  const { pending, error, submit } = useSubmission();
  const current = result && result.for === assembly.updatedAt ? result.feasibility : null;
  return (
    <Section id="as-feasibility" title={t('admin.feasibility.title')} testId="feasibility">
      <p>{t('admin.feasibility.intro')}</p>
      <ErrorSummary error={error} />
      <Button className="button" isDisabled={pending || assembly.poolSize === 0} onPress={() => submit(async () => setResult({ for: assembly.updatedAt, feasibility: await adminApi.feasibility(assembly.id) }))}>
        {t('admin.feasibility.check')}
      </Button>
      {current?.feasible ? (
        <div className="card as-ok" role="status">
          {t('admin.feasibility.feasible')}
        </div>
      ) : null}
      {current && !current.feasible ? <Relaxation assembly={assembly} feasibility={current} onChanged={onChanged} /> : null}
    </Section>
  );
}

function Distribution({ assembly, volunteers, onChanged }: { assembly: AdminAssembly; volunteers: VolunteerList | null; onChanged(a: AdminAssembly): void }) {
  const { t, i18n } = useTranslation('assemblies');
  const { pending, error, submit } = useSubmission();
  const infeasible = refusedFeasibility(error);
  const frozen = assembly.status === 'published' || assembly.status === 'drawn';
  const algorithms = assembly.distributions.map((d) => d.algorithm);
  return (
    <Section id="as-distribution" title={t('admin.distribution.title')} testId="distribution">
      <p>{t('admin.distribution.intro', { algorithm: t(`algorithm.${assembly.algorithm}`) })}</p>
      {!frozen ? (
        <>
          <ErrorSummary error={infeasible ? null : error} />
          <Button className="button button-primary" isDisabled={pending || assembly.poolSize === 0} onPress={() => submit(async () => onChanged(await adminApi.compute(assembly.id)))}>
            {pending ? t('admin.distribution.computing') : t('admin.distribution.compute')}
          </Button>
          {infeasible ? <Relaxation assembly={assembly} feasibility={infeasible} onChanged={onChanged} /> : null}
        </>
      ) : null}
      {assembly.distributions.length ? (
        <>
          <TableWrap label={t('admin.distribution.comparison')}>
            <table className="table table-stack" data-testid="comparison">
              <caption>{t('admin.distribution.comparison')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.distribution.algorithm')}</th>
                  <th scope="col">{t('admin.distribution.minimum')}</th>
                  <th scope="col">{t('admin.distribution.gini')}</th>
                  <th scope="col">{t('admin.distribution.panels')}</th>
                  <th scope="col">{t('admin.distribution.seconds')}</th>
                </tr>
              </thead>
              <tbody>
                {assembly.distributions.map((d) => (
                  <tr key={d.algorithm}>
                    <th scope="row">
                      {t(`algorithm.${d.algorithm}`)}
                      {d.algorithm === assembly.algorithm ? <span className="small"> ({t('admin.distribution.drawn')})</span> : null}
                    </th>
                    <td data-label={t('admin.distribution.minimum')}>{percent(d.minimum, i18n.language)}</td>
                    <td data-label={t('admin.distribution.gini')}>{decimal(d.gini, i18n.language)}</td>
                    <td data-label={t('admin.distribution.panels')}>{d.stats.panels || '—'}</td>
                    <td data-label={t('admin.distribution.seconds')}>{decimal(d.stats.seconds, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {assembly.distributions
            .filter((d) => d.certificateBound !== null && d.stats.certificateValid)
            .slice(0, 1)
            .map((d) => (
              <p key={d.algorithm} data-testid="certificate">
                {t('admin.distribution.certificate', { bound: percent(d.certificateBound!, i18n.language), minimum: percent(d.minimum, i18n.language) })}
              </p>
            ))}
          {volunteers ? (
            <details>
              <summary>{t('admin.distribution.perVolunteer', { count: volunteers.items.length })}</summary>
              <TableWrap label={t('admin.distribution.perVolunteer', { count: volunteers.items.length })}>
                <table className="table" data-testid="probabilities">
                  <caption className="visually-hidden">{t('admin.distribution.perVolunteer', { count: volunteers.items.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.panel.id')}</th>
                      <th scope="col">{t('admin.panel.features')}</th>
                      {algorithms.map((alg) => (
                        <th scope="col" key={alg}>
                          {t(`algorithm.${alg}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {volunteers.items.map((v) => (
                      <tr key={v.pseudonym}>
                        <th scope="row">{v.externalId ?? v.pseudonym}</th>
                        <td>{Object.values(v.features).join(', ')}</td>
                        {algorithms.map((alg) => (
                          <td key={alg}>{percent(v.probabilities[alg] ?? 0, i18n.language)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </details>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}

function Publication({ assembly, onChanged }: { assembly: AdminAssembly; onChanged(a: AdminAssembly): void }) {
  const { t } = useTranslation('assemblies');
  const [source, setSource] = useState('');
  const [value, setValue] = useState('');
  const { pending, error, submit } = useSubmission();
  const draw = assembly.draw;
  const main = assembly.distributions.find((d) => d.algorithm === assembly.algorithm);
  return (
    <Section id="as-draw" title={t('admin.draw.title')} testId="draw">
      <ErrorSummary error={error} />
      {assembly.status === 'computed' && main ? (
        <div className="form card">
          <p>{t('admin.draw.publishIntro')}</p>
          <p className="as-hash small">SHA-256 : {main.sha256}</p>
          <TextInput label={t('admin.draw.publicSource')} description={t('admin.draw.publicSourceHelp')} value={source} onChange={setSource} maxLength={500} />
          <div>
            <Button className="button button-primary" isDisabled={pending} onPress={() => submit(async () => onChanged(await adminApi.publish(assembly.id, source.trim() || null)))}>
              {t('admin.draw.publish')}
            </Button>
          </div>
        </div>
      ) : null}
      {assembly.status === 'draft' ? <p>{t('admin.draw.notYet')}</p> : null}
      {draw ? (
        <dl className="as-figures">
          <dt>{t('draw.sha')}</dt>
          <dd className="as-hash">{draw.distributionSha256}</dd>
          {draw.commitment ? (
            <>
              <dt>{t('draw.commitment')}</dt>
              <dd className="as-hash" data-testid="commitment">
                {draw.commitment}
              </dd>
            </>
          ) : null}
          {draw.publicSource ? (
            <>
              <dt>{t('draw.publicSource')}</dt>
              <dd>{draw.publicSource}</dd>
            </>
          ) : null}
          {draw.seed ? (
            <>
              <dt>{t('draw.seed')}</dt>
              <dd className="as-hash">{draw.seed}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {assembly.status === 'published' && draw ? (
        <div className="form card">
          <p>{t('admin.draw.drawIntro')}</p>
          {draw.publicSource ? <TextInput label={t('admin.draw.publicValue', { source: draw.publicSource })} value={value} onChange={setValue} isRequired maxLength={500} /> : null}
          <div>
            <Button className="button button-primary" isDisabled={pending} onPress={() => submit(async () => onChanged(await adminApi.draw(assembly.id, value.trim() || null)))}>
              {t('admin.draw.draw')}
            </Button>
          </div>
        </div>
      ) : null}
    </Section>
  );
}

function Panel({ assembly, volunteers, onChanged }: { assembly: AdminAssembly; volunteers: VolunteerList | null; onChanged(a: AdminAssembly): void }) {
  const { t } = useTranslation('assemblies');
  const [dropouts, setDropouts] = useState<string[]>([]);
  const { pending, error, submit } = useSubmission();
  if (!volunteers) return <Loading />;
  const members = volunteers.items.filter((v) => v.status !== 'pool');
  const toggle = (p: string, on: boolean) => setDropouts(on ? [...dropouts, p] : dropouts.filter((x) => x !== p));
  const name = (v: VolunteerList['items'][number]) => Object.values(v.personal ?? {}).slice(0, 2).join(' ');
  return (
    <Section id="as-panel" title={t('admin.panel.title')} testId="panel">
      <p>
        <a className="button" href={panelHref(assembly.id)} download>
          {t('admin.panel.export')}
        </a>
      </p>
      <ErrorSummary error={error} />
      <TableWrap label={t('admin.panel.title')}>
        <table className="table table-stack">
          <caption>{t('admin.panel.members', { count: members.filter((m) => m.status !== 'dropped').length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.panel.id')}</th>
              <th scope="col">{t('admin.panel.name')}</th>
              <th scope="col">{t('admin.panel.features')}</th>
              <th scope="col">{t('admin.panel.status')}</th>
              <th scope="col">{t('admin.panel.dropout')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((v) => (
              <tr key={v.pseudonym}>
                <th scope="row">{v.externalId ?? v.pseudonym}</th>
                <td data-label={t('admin.panel.name')}>{name(v) || '—'}</td>
                <td data-label={t('admin.panel.features')}>{Object.values(v.features).join(', ')}</td>
                <td data-label={t('admin.panel.status')}>{t(`volunteer.${v.status}`)}</td>
                <td data-label={t('admin.panel.dropout')}>
                  {v.status === 'dropped' ? (
                    '—'
                  ) : (
                    <label className="as-check">
                      <input type="checkbox" checked={dropouts.includes(v.pseudonym)} onChange={(e) => toggle(v.pseudonym, e.target.checked)} />
                      <span>{t('admin.panel.dropsOut', { who: v.externalId ?? v.pseudonym })}</span>
                    </label>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Button
        className="button"
        isDisabled={pending || dropouts.length === 0}
        onPress={() =>
          submit(async () => {
            onChanged(await adminApi.replace(assembly.id, dropouts));
            setDropouts([]);
          })
        }
      >
        {t('admin.panel.replace', { count: dropouts.length })}
      </Button>
    </Section>
  );
}
