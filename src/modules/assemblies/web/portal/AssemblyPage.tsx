import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { decimal, fileHref, paths, percent, portalApi, REGISTER_ID, type PublicAssembly, type Verification } from '../api';
import '../assemblies.css';
import { TableWrap } from '@web/components/TableWrap';

/**
 * `/participation/assemblees/:id`: a published assembly — its anonymised distribution (each group
 * of interchangeable volunteers and its chance), the commitment to the seed, the result, the files
 * to download, and a button that re-runs the draw from those files and says whether it holds.
 */
export function AssemblyPage() {
  const { t, i18n } = useTranslation('assemblies');
  const { id = '' } = useParams();
  const { data: a, error } = useResource(() => portalApi.get(id), [id]);
  if (error && !a) {
    return (
      <Page title={t('portal.notFound')} className="as-page">
        <p role="alert">{problemMessage(t, error)}</p>
        <p>
          <Link to={paths.list}>{t('portal.backToList')}</Link>
        </p>
      </Page>
    );
  }
  if (!a) return <Loading />;
  return (
    <Page title={a.title} lead={a.description ? <p>{a.description}</p> : null} className="as-page">
      <p>
        <Link to={paths.list}>{t('portal.backToList')}</Link>
      </p>
      <section className="section" aria-labelledby="as-method">
        <h2 id="as-method">{t('portal.method.title')}</h2>
        <p>{t('portal.method.text', { panel: a.panelSize, pool: a.poolSize, algorithm: t(`algorithm.${a.algorithm}`) })}</p>
        <dl className="as-figures">
          <dt>{t('portal.minimum')}</dt>
          <dd>{percent(a.minimum, i18n.language)}</dd>
          <dt>{t('portal.gini')}</dt>
          <dd>{decimal(a.gini, i18n.language)}</dd>
        </dl>
        <p>
          <Link to={`/transparence#${REGISTER_ID}`}>{t('portal.method.register')}</Link>
        </p>
      </section>
      <Classes assembly={a} />
      <section className="section" aria-labelledby="as-draw-title">
        <h2 id="as-draw-title">{t('portal.draw.title')}</h2>
        <dl className="as-figures">
          <dt>{t('draw.sha')}</dt>
          <dd className="as-hash">{a.draw.distributionSha256}</dd>
          {a.draw.commitment ? (
            <>
              <dt>{t('draw.commitment')}</dt>
              <dd className="as-hash" data-testid="commitment">
                {a.draw.commitment}
              </dd>
            </>
          ) : null}
          {a.draw.publicSource ? (
            <>
              <dt>{t('draw.publicSource')}</dt>
              <dd>{a.draw.publicSource}</dd>
            </>
          ) : null}
          {a.draw.seed ? (
            <>
              <dt>{t('draw.seed')}</dt>
              <dd className="as-hash">{a.draw.seed}</dd>
            </>
          ) : null}
          {a.draw.publicValue ? (
            <>
              <dt>{t('draw.publicValue')}</dt>
              <dd>{a.draw.publicValue}</dd>
            </>
          ) : null}
        </dl>
        {a.draw.panel ? (
          <>
            <h3>{t('portal.draw.panel', { count: a.draw.panel.length })}</h3>
            <p className="small">{t('portal.draw.pseudonyms')}</p>
            <ul className="as-list as-hash" data-testid="panel">
              {a.draw.panel.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('portal.draw.pending')}</p>
        )}
        {a.replacements.length ? (
          <>
            <h3>{t('portal.replacements.title')}</h3>
            <ul className="as-list">
              {a.replacements.map((r) => (
                <li key={r.id}>{t('portal.replacements.item', { dropouts: r.dropouts.join(', '), replacements: r.replacements.join(', ') || '—', seed: r.seed })}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <Verify assembly={a} />
    </Page>
  );
}

function Classes({ assembly }: { assembly: PublicAssembly }) {
  const { t, i18n } = useTranslation('assemblies');
  return (
    <section className="section" aria-labelledby="as-classes">
      <h2 id="as-classes">{t('portal.classes.title')}</h2>
      <p>{t('portal.classes.intro')}</p>
      <TableWrap label={t('portal.classes.title')}>
        <table className="table table-stack" data-testid="classes">
          <caption className="visually-hidden">{t('portal.classes.title')}</caption>
          <thead>
            <tr>
              {assembly.features.map((f) => (
                <th scope="col" key={f.name}>
                  {f.name}
                </th>
              ))}
              <th scope="col">{t('portal.classes.members')}</th>
              <th scope="col">{t('portal.classes.probability')}</th>
            </tr>
          </thead>
          <tbody>
            {assembly.classes.map((c, i) => (
              <tr key={i}>
                {c.values.map((v, j) => (
                  <td key={j} data-label={assembly.features[j]?.name}>
                    {v}
                  </td>
                ))}
                <td data-label={t('portal.classes.members')}>{c.members}</td>
                <td data-label={t('portal.classes.probability')}>{percent(c.probability, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Verify({ assembly }: { assembly: PublicAssembly }) {
  const { t } = useTranslation('assemblies');
  const { pending, error, submit } = useSubmission();
  const [result, setResult] = useState<Verification | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [result]);
  const drawn = assembly.draw.panel !== null;
  const verify = () =>
    submit(async () => {
      // The very files anyone downloads, sent back to be re-run: nothing of the page's own data is used.
      const [distribution, announcement, record] = await Promise.all([
        portalApi.file(assembly.id, 'distribution.json'),
        portalApi.file(assembly.id, 'announcement.json'),
        portalApi.file(assembly.id, 'draw.json'),
      ]);
      setResult(await portalApi.verify({ distribution, announcement, record }));
    });
  return (
    <section className="section" aria-labelledby="as-verify">
      <h2 id="as-verify">{t('portal.verify.title')}</h2>
      <p>{t('portal.verify.intro')}</p>
      <ul className="as-list">
        <li>
          <a href={fileHref(assembly.id, 'distribution.json')} download>
            distribution.json
          </a>{' '}
          — {t('portal.verify.distribution')}
        </li>
        <li>
          <a href={fileHref(assembly.id, 'announcement.json')} download>
            announcement.json
          </a>{' '}
          — {t('portal.verify.announcement')}
        </li>
        {drawn ? (
          <li>
            <a href={fileHref(assembly.id, 'draw.json')} download>
              draw.json
            </a>{' '}
            — {t('portal.verify.record')}
          </li>
        ) : null}
      </ul>
      <p className="small">{t('portal.verify.command')}</p>
      {drawn ? (
        <Button className="button button-primary" isDisabled={pending} onPress={verify}>
          {t('portal.verify.button')}
        </Button>
      ) : null}
      <OtherFiles onResult={setResult} />
      {error ? <p role="alert">{problemMessage(t, error)}</p> : null}
      {result ? (
        <div ref={box} tabIndex={-1} className={`card ${result.valid ? 'as-ok' : 'as-ko'}`} role="status" data-testid="verification">
          <p>
            <strong>{result.valid ? t('portal.verify.valid') : t('portal.verify.invalid')}</strong>
          </p>
          {result.problems.length ? (
            <ul className="as-list">
              {result.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

const FILES = ['distribution', 'announcement', 'record'] as const;

/** Files of one's own (downloaded earlier, or another draw's): read in the browser, checked by the same verification. */
function OtherFiles({ onResult }: { onResult(v: Verification): void }) {
  const { t } = useTranslation('assemblies');
  const [files, setFiles] = useState<Partial<Record<(typeof FILES)[number], File>>>({});
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const { pending, error, submit } = useSubmission();
  const run = () =>
    submit(async () => {
      setUnreadable(null);
      const parsed: Record<string, Record<string, unknown>> = {};
      for (const name of FILES) {
        try {
          parsed[name] = JSON.parse(await files[name]!.text()) as Record<string, unknown>;
        } catch {
          setUnreadable(files[name]!.name);
          return;
        }
      }
      onResult(await portalApi.verify({ distribution: parsed.distribution!, announcement: parsed.announcement!, record: parsed.record! }));
    });
  return (
    <details className="card">
      <summary>{t('portal.verify.ownFiles')}</summary>
      {FILES.map((name) => (
        <FileInput key={name} label={t(`portal.verify.file.${name}`)} onFile={(f) => setFiles({ ...files, [name]: f ?? undefined })} />
      ))}
      {unreadable ? <p role="alert">{t('portal.verify.unreadable', { file: unreadable })}</p> : null}
      {error ? <p role="alert">{problemMessage(t, error)}</p> : null}
      <Button className="button" isDisabled={pending || FILES.some((n) => !files[n])} onPress={run}>
        {t('portal.verify.ownButton')}
      </Button>
    </details>
  );
}

function FileInput({ label, onFile }: { label: string; onFile(f: File | null): void }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} type="file" className="field-input" accept=".json,application/json" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
    </div>
  );
}
