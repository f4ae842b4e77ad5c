import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, paths, REJECT_REASONS, staffPhotoUrl, type RejectReason, type ReportStatus, type StaffReport } from '../api';
import { ContactsPanel } from './ContactsPanel';
import { EditReportPanel } from './EditReportPanel';
import { MergePanel } from './MergePanel';
import { PhotoBlackout } from './PhotoBlackout';
import { formatDate, formatMetres } from '../shared/format';
import { StatusTag } from '../shared/StatusTag';
import { useResource } from '@web/components/useResource';
import '../public-space.css';

/**
 * `/admin/signalements/:id`: a report as agents work on it: priority and its factors, the
 * internal history, and the actions (status with a public message, team, internal note, public
 * update). Every action answers with the report as it now is.
 */
export function StaffReportPage() {
  const { t, i18n } = useTranslation('public-space');
  const id = useParams().id ?? '';
  const report = useResource(() => adminApi.report(id), [id]);
  const teams = useResource(() => adminApi.teams(), []);
  const submission = useSubmission();
  const [done, setDone] = useState('');
  const ids = { to: useId(), reason: useId(), template: useId(), message: useId(), team: useId(), note: useId(), update: useId() };
  const [to, setTo] = useState<ReportStatus | ''>('');
  const [reason, setReason] = useState<RejectReason | ''>('');
  const [templateId, setTemplateId] = useState('');
  const [message, setMessage] = useState('');
  const [teamId, setTeamId] = useState('');
  const [note, setNote] = useState('');
  const [update, setUpdate] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [kept, setKept] = useState<{ id: string; number: string } | null>(null);
  const r = report.data;

  useEffect(() => {
    if (r) setTeamId(r.team?.id ?? '');
  }, [r?.team?.id]);
  useEffect(() => {
    setDone('');
    setKept(null);
    setEditing(null);
  }, [id]);

  if (report.error && !r) {
    return (
      <Page title={t('staff.notFoundTitle')} className="ps-page ps-admin">
        <p>{problemMessage(t, report.error)}</p>
        <p>
          <Link to={paths.admin.list}>{t('staff.back')}</Link>
        </p>
      </Page>
    );
  }
  if (!r) return <Loading />;

  const act = (work: () => Promise<StaffReport>, what: string, reset: () => void) =>
    submission.submit(async () => {
      setDone('');
      report.set(await work());
      reset();
      setDone(what);
    });
  /** Work that answers with nothing to show but a message: the page's report is fetched again. */
  const run = (work: () => Promise<void>) =>
    submission.submit(async () => {
      setDone('');
      await work();
    });
  const templates = r.responseTemplates.filter((tpl) => !tpl.status || tpl.status === to);
  const fieldErrors = fieldErrorsOf(t, submission.error);

  return (
    <Page title={t('staff.title', { number: r.number })} className="ps-page ps-admin">
      <p>
        <Link to={paths.admin.list}>{t('staff.back')}</Link> · <Link to={paths.report(r.number)}>{t('staff.publicPage')}</Link>
      </p>
      {done ? (
        <StatusMessage tone="success">
          {done}
          {kept ? (
            <>
              {' '}
              <Link to={paths.admin.report(kept.id)}>{t('merge.openKept', { number: kept.number })}</Link>
            </>
          ) : null}
        </StatusMessage>
      ) : null}
      {r.mergedInto ? <p className="tag-muted">{t('report.mergedInto', { number: r.mergedInto })}</p> : null}
      <ErrorSummary error={submission.error} fieldErrors={fieldErrors} fieldLabels={{ publicMessage: t('staff.publicMessage'), rejectReason: t('staff.rejectReason'), text: t('staff.text') }} />

      <dl className="ps-facts" data-testid="staff-facts">
        <div>
          <dt>{t('report.status')}</dt>
          <dd>
            <StatusTag status={r.status} />
          </dd>
        </div>
        <div>
          <dt>{t('report.category')}</dt>
          <dd>{r.categoryName}</dd>
        </div>
        <div>
          <dt>{t('triage.priority')}</dt>
          <dd>
            {t('triage.priorityValue', { level: t(`priority.${r.priority}`), score: Math.round(r.priorityScore) })}
            {r.priorityOverride ? ` ${t('staff.overridden')}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('report.place')}</dt>
          <dd>{[r.address, r.district].filter(Boolean).join(', ') || t('report.coordinates', { lat: r.position.lat.toFixed(5), lng: r.position.lng.toFixed(5) })}</dd>
        </div>
        <div>
          <dt>{t('triage.team')}</dt>
          <dd data-testid="staff-team">{r.team?.name ?? t('triage.noTeam')}</dd>
        </div>
        <div>
          <dt>{t('report.requestedAt')}</dt>
          <dd>{formatDate(i18n.language, r.requestedAt, true)}</dd>
        </div>
        <div>
          <dt>{t('report.followers')}</dt>
          <dd>{r.followers}</dd>
        </div>
        <div>
          <dt>{t('staff.contact')}</dt>
          <dd>
            {r.hasContact ? t('staff.hasContact') : t('staff.noContact')}
            {r.hasContact ? <ContactsPanel key={r.id} reportId={r.id} /> : null}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="ps-factors-title" className="section">
        <h2 id="ps-factors-title">{t('staff.factors')}</h2>
        <ul>
          {r.priorityFactors.map((f, i) => (
            <li key={i}>
              {t('staff.factor', { label: f.label, points: Math.round(f.points * 10) / 10 })}
              {f.distanceM !== null ? ` (${formatMetres(i18n.language, f.distanceM)})` : ''}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="ps-desc-title" className="section">
        <h2 id="ps-desc-title">{t('report.description')}</h2>
        <p className="ps-description">{r.description || t('staff.noDescription')}</p>
        {r.descriptionOriginal ? (
          <details>
            <summary>{t('staff.original')}</summary>
            <p className="ps-description">{r.descriptionOriginal}</p>
          </details>
        ) : null}
        {Object.keys(r.attributes).length > 0 ? (
          <dl className="ps-facts">
            {Object.entries(r.attributes).map(([code, value]) => (
              <div key={code}>
                <dt>{code}</dt>
                <dd>{Array.isArray(value) ? value.join(', ') : String(value)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {r.photosList.length > 0 ? (
          <ul className="ps-photos ps-staff-photos">
            {r.photosList.map((p, i) => {
              const alt = t('report.photoAlt', { n: i + 1, category: r.categoryName });
              return (
                <li key={p.id}>
                  {editing === p.id ? (
                    <PhotoBlackout
                      photo={p}
                      alt={alt}
                      run={run}
                      onDone={() => {
                        setEditing(null);
                        report.reload();
                        setDone(t('blackout.done', { n: i + 1 }));
                      }}
                    />
                  ) : (
                    <img src={staffPhotoUrl(p.id, p.blackedOut)} width={p.width} height={p.height} alt={alt} loading="lazy" />
                  )}
                  <p className="ps-photo-state">
                    {!p.public ? <span className="tag tag-muted">{t('staff.hiddenPhoto')}</span> : null}
                    {p.blackedOut > 0 ? <span className="tag tag-muted">{t('blackout.count', { count: p.blackedOut })}</span> : null}
                  </p>
                  <div className="row-actions">
                    <button type="button" className="button button-small" aria-expanded={editing === p.id} onClick={() => setEditing(editing === p.id ? null : p.id)}>
                      {editing === p.id ? t('blackout.close', { n: i + 1 }) : t('blackout.open', { n: i + 1 })}
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() =>
                        run(async () => {
                          await adminApi.photoVisibility(p.id, !p.public);
                          report.reload();
                          setDone(p.public ? t('staff.photoHidden', { n: i + 1 }) : t('staff.photoShown', { n: i + 1 }));
                        })
                      }
                    >
                      {p.public ? t('staff.hidePhoto', { n: i + 1 }) : t('staff.showPhoto', { n: i + 1 })}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="ps-status-title" className="card section">
        <h2 id="ps-status-title">{t('staff.statusTitle')}</h2>
        {r.nextStatuses.length === 0 ? (
          <p>{t('staff.noNext')}</p>
        ) : (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!to) return;
              act(
                () =>
                  adminApi.transition(r.id, {
                    to,
                    rejectReason: to === 'rejected' && reason ? reason : null,
                    publicMessage: message.trim() || null,
                    templateId: templateId || null,
                  }),
                t('staff.statusDone', { status: t(`status.${to}`) }),
                () => {
                  setTo('');
                  setReason('');
                  setTemplateId('');
                  setMessage('');
                },
              );
            }}
          >
            <div className="field">
              <label className="field-label" htmlFor={ids.to}>
                {t('staff.newStatus')}
              </label>
              <select id={ids.to} className="field-input" required value={to} onChange={(e) => setTo(e.target.value as ReportStatus | '')}>
                <option value="">{t('staff.chooseStatus')}</option>
                {r.nextStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            {to === 'rejected' ? (
              <div className="field">
                <label className="field-label" htmlFor={ids.reason}>
                  {t('staff.rejectReason')}
                </label>
                <select id={ids.reason} className="field-input" required value={reason} onChange={(e) => setReason(e.target.value as RejectReason | '')}>
                  <option value="">{t('staff.chooseReason')}</option>
                  {REJECT_REASONS.map((x) => (
                    <option key={x} value={x}>
                      {t(`rejectReasons.${x}`)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            {templates.length > 0 ? (
              <div className="field">
                <label className="field-label" htmlFor={ids.template}>
                  {t('staff.template')}
                </label>
                <select
                  id={ids.template}
                  className="field-input"
                  value={templateId}
                  onChange={(e) => {
                    setTemplateId(e.target.value);
                    const tpl = templates.find((x) => x.id === e.target.value);
                    if (tpl) setMessage(tpl.text);
                  }}
                >
                  <option value="">{t('staff.noTemplate')}</option>
                  {templates.map((tpl) => (
                    <option key={tpl.id} value={tpl.id}>
                      {tpl.title}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="field">
              <label className="field-label" htmlFor={ids.message}>
                {t('staff.publicMessage')}
              </label>
              <p className="field-description" id={`${ids.message}-help`}>
                {t('staff.publicMessageHelp')}
              </p>
              <textarea id={ids.message} className="field-input" rows={3} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} aria-describedby={`${ids.message}-help`} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={submission.pending}>
                {t('staff.changeStatus')}
              </button>
            </div>
          </form>
        )}
      </section>

      <section aria-labelledby="ps-assign-title" className="card section">
        <h2 id="ps-assign-title">{t('staff.assignTitle')}</h2>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            const name = teams.data?.items.find((x) => x.id === teamId)?.name ?? t('triage.noTeam');
            act(() => adminApi.assign(r.id, teamId || null), t('staff.assignDone', { team: name }), () => {});
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={ids.team}>
              {t('staff.team')}
            </label>
            <select id={ids.team} className="field-input" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">{t('triage.noTeam')}</option>
              {(teams.data?.items ?? [])
                .filter((x) => x.active)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {t('staff.teamOption', { name: x.name, kind: t(`teamKinds.${x.kind}`) })}
                  </option>
                ))}
            </select>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submission.pending}>
              {t('staff.assign')}
            </button>
          </div>
        </form>
      </section>

      {!r.mergedInto ? (
        <EditReportPanel
          key={`${r.id}-${r.updatedAt}`}
          report={r}
          run={run}
          onSaved={(edited) => {
            report.set(edited);
            setDone(t('edit.done'));
          }}
        />
      ) : null}

      {!r.mergedInto && r.status !== 'archived' ? (
        <MergePanel
          report={r}
          run={run}
          onMerged={(keptReport, keptIsThis) => {
            if (keptIsThis) {
              report.set(keptReport);
              setDone(t('merge.doneHere'));
            } else {
              report.reload();
              setKept({ id: keptReport.id, number: keptReport.number });
              setDone(t('merge.doneInto', { number: keptReport.number }));
            }
          }}
        />
      ) : null}

      <section aria-labelledby="ps-note-title" className="card section">
        <h2 id="ps-note-title">{t('staff.messagesTitle')}</h2>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!note.trim()) return;
            act(() => adminApi.note(r.id, note.trim()), t('staff.noteDone'), () => setNote(''));
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={ids.note}>
              {t('staff.note')}
            </label>
            <textarea id={ids.note} className="field-input" rows={3} maxLength={4000} required value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submission.pending}>
              {t('staff.addNote')}
            </button>
          </div>
        </form>
        <form
          className="form ps-second-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!update.trim()) return;
            act(() => adminApi.publicUpdate(r.id, update.trim()), t('staff.updateDone'), () => setUpdate(''));
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={ids.update}>
              {t('staff.update')}
            </label>
            <textarea id={ids.update} className="field-input" rows={3} maxLength={4000} required value={update} onChange={(e) => setUpdate(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submission.pending}>
              {t('staff.addUpdate')}
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="ps-events-title" className="section">
        <h2 id="ps-events-title">{t('staff.events')}</h2>
        <ol className="ps-history" data-testid="staff-events">
          {r.events.map((ev) => (
            <li key={ev.id}>
              <p className="ps-history-head">
                <time dateTime={ev.at}>{formatDate(i18n.language, ev.at, true)}</time>
                {' — '}
                <strong>{t(`events.${ev.kind}`, { defaultValue: ev.kind })}</strong>
                {ev.statusTo ? ` : ${ev.statusFrom ? `${t(`status.${ev.statusFrom}`)} → ` : ''}${t(`status.${ev.statusTo}`)}` : ''}{' '}
                <span className={`tag ${ev.public ? '' : 'tag-muted'}`}>{ev.public ? t('staff.public') : t('staff.internal')}</span>
              </p>
              {ev.text ? <p className="ps-history-text">{ev.text}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}
