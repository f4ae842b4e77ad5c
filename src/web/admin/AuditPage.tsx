import { useCallback, useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type {
  AuditEvent,
  AuditPage as AuditPageData,
  CheckpointMade,
  FindingSummary,
  VerifyResult,
} from '../../platform/audit/api-schemas';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/fields';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { problemMessage } from '../components/problem';
import { StatusMessage } from '../components/StatusMessage';
import { currentLanguage } from '../i18n';
import { useAuth } from './AuthContext';

const PAGE_SIZE = 25;

export function AuditPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState({ action: '', subjectType: '' });
  const [applied, setApplied] = useState(filters);
  // Cursors of the pages already seen, so "newer" can go back without a server-side offset.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [page, setPage] = useState<AuditPageData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [verify, setVerify] = useState<{ result?: VerifyResult; error?: unknown; pending: boolean }>({ pending: false });
  const [signing, setSigning] = useState<{ made?: CheckpointMade; error?: unknown; pending: boolean }>({ pending: false });
  const { can } = useAuth();
  const before = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    setPage(null);
    try {
      setPage(
        await api.get<AuditPageData>('/api/admin/audit', {
          query: { before, limit: PAGE_SIZE, action: applied.action.trim(), subjectType: applied.subjectType.trim() },
        }),
      );
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [before, applied]);

  useEffect(() => {
    void load();
  }, [load]);

  const runVerify = async () => {
    if (verify.pending) return;
    setVerify({ pending: true });
    try {
      setVerify({ pending: false, result: await api.post<VerifyResult>('/api/admin/audit/verify', {}) });
    } catch (err) {
      setVerify({ pending: false, error: err });
    }
  };

  const signCheckpoint = async () => {
    if (signing.pending) return;
    setSigning({ pending: true });
    try {
      setSigning({ pending: false, made: await api.post<CheckpointMade>('/api/admin/audit/checkpoints', {}) });
      // The checkpoint is an event of the chain itself: the newest page shows it.
      if (cursors.length === 1) void load();
    } catch (err) {
      setSigning({ pending: false, error: err });
    }
  };

  const dateFormat = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <Page title={t('audit.title')} lead={<p>{t('audit.intro')}</p>}>
      <section aria-labelledby="audit-verify-title" className="section card">
        <h2 id="audit-verify-title">{t('audit.verifyTitle')}</h2>
        <p>{t('audit.verifyText')}</p>
        <Button className="button button-primary" onPress={() => void runVerify()}>
          {t('audit.verify')}
        </Button>
        <div className="verify-result" data-testid="audit-verify-result">
          {verify.pending ? <Loading label={t('audit.verifying')} /> : null}
          {verify.result?.ok ? (
            <StatusMessage tone="success">{t('audit.verifyOk', { count: verify.result.checked })}</StatusMessage>
          ) : null}
          {verify.result && !verify.result.ok ? (
            <StatusMessage tone="warning">
              {t('audit.verifyBroken', {
                id: verify.result.firstBroken?.id ?? '?',
                reason: t(`audit.reasons.${verify.result.firstBroken?.reason ?? 'unknown'}`, {
                  defaultValue: verify.result.firstBroken?.reason ?? '',
                }),
                checked: verify.result.checked,
              })}
            </StatusMessage>
          ) : null}
          {verify.result ? <CheckpointComparison result={verify.result} dateFormat={dateFormat} /> : null}
          {verify.error ? <ErrorSummary error={verify.error} /> : null}
        </div>
      </section>

      {can('audit.checkpoint') ? (
        <section aria-labelledby="audit-checkpoint-title" className="section card">
          <h2 id="audit-checkpoint-title">{t('audit.checkpoint.title')}</h2>
          <p>{t('audit.checkpoint.text')}</p>
          <Button className="button" isPending={signing.pending} onPress={() => void signCheckpoint()}>
            {t('audit.checkpoint.sign')}
          </Button>
          <div className="verify-result" data-testid="audit-checkpoint-result">
            {signing.pending ? <Loading label={t('audit.checkpoint.signing')} /> : null}
            {signing.made ? (
              <StatusMessage tone="success">
                {t('audit.checkpoint.signed', {
                  id: signing.made.checkpoint.id,
                  size: signing.made.checkpoint.size,
                  lastEventId: signing.made.checkpoint.lastEventId,
                })}
              </StatusMessage>
            ) : null}
            {/* 409: the chain no longer holds what was signed before; the server's message names the event. */}
            {signing.error ? <StatusMessage tone="warning">{problemMessage(t, signing.error)}</StatusMessage> : null}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="audit-events-title" className="section">
        <h2 id="audit-events-title">{t('audit.eventsTitle')}</h2>
        <Form
          className="filters"
          role="search"
          aria-label={t('audit.filtersLabel')}
          onSubmit={(e) => {
            e.preventDefault();
            setCursors([undefined]);
            setApplied(filters);
          }}
        >
          <TextInput
            label={t('audit.fields.action')}
            name="action"
            value={filters.action}
            onChange={(v) => setFilters((f) => ({ ...f, action: v }))}
            description={t('audit.actionHelp')}
          />
          <TextInput
            label={t('audit.fields.subjectType')}
            name="subjectType"
            value={filters.subjectType}
            onChange={(v) => setFilters((f) => ({ ...f, subjectType: v }))}
            description={t('audit.subjectHelp')}
          />
          <div className="form-actions">
            <Button type="submit" className="button">
              {t('audit.filter')}
            </Button>
          </div>
        </Form>

        {error ? <ErrorSummary error={error} /> : null}
        {!page && !error ? <Loading /> : null}
        {page && page.events.length === 0 ? <p>{t('audit.empty')}</p> : null}
        {page && page.events.length > 0 && (
          <div className="table-wrap">
            <table className="table table-audit" data-testid="audit-table">
              <caption className="visually-hidden">{t('audit.eventsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.fields.id')}</th>
                  <th scope="col">{t('audit.fields.when')}</th>
                  <th scope="col">{t('audit.fields.actor')}</th>
                  <th scope="col">{t('audit.fields.action')}</th>
                  <th scope="col">{t('audit.fields.subject')}</th>
                  <th scope="col">{t('audit.fields.details')}</th>
                </tr>
              </thead>
              <tbody>
                {page.events.map((e) => (
                  <tr key={e.id} id={`audit-${e.id}`}>
                    <th scope="row">{e.id}</th>
                    <td>{dateFormat.format(new Date(e.occurredAt))}</td>
                    <td>
                      {t(`audit.actorTypes.${e.actorType}`, { defaultValue: e.actorType })}
                      {e.actorId ? <span className="mono small"> {shortId(e.actorId)}</span> : null}
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.subjectType}
                      {e.subjectId ? <span className="mono small"> {shortId(e.subjectId)}</span> : null}
                    </td>
                    <td>
                      <EventDetails event={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="pager">
          <Button className="button" isDisabled={cursors.length <= 1} onPress={() => setCursors((c) => c.slice(0, -1))}>
            {t('audit.newer')}
          </Button>
          <Button
            className="button"
            isDisabled={!page?.nextBefore}
            onPress={() => page?.nextBefore && setCursors((c) => [...c, page.nextBefore!])}
          >
            {t('audit.older')}
          </Button>
        </div>
      </section>
    </Page>
  );
}

/** What the comparison of the chain with its signed checkpoints found, each finding worded by its kind. */
function CheckpointComparison({ result, dateFormat }: { result: VerifyResult; dateFormat: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  const { anchor, checkpoints } = result;
  return (
    <>
      {anchor ? (
        <p data-testid="audit-anchor">
          {t('audit.anchor', {
            eventId: anchor.eventId,
            size: anchor.size,
            checkpointId: anchor.checkpointId,
            date: dateFormat.format(new Date(anchor.prunedAt)),
          })}
        </p>
      ) : null}
      {checkpoints.findings.length === 0 ? (
        <StatusMessage tone={result.ok ? 'success' : 'info'}>{t('audit.checkpointsOk', { count: checkpoints.checked })}</StatusMessage>
      ) : (
        <div role="status" className="status status-warning" data-testid="audit-findings">
          <p>{t('audit.findingsTitle', { count: checkpoints.findings.length, checked: checkpoints.checked })}</p>
          <ul>
            {checkpoints.findings.map((f, i) => (
              <li key={`${f.kind}-${f.checkpointId ?? ''}-${f.eventId ?? ''}-${i}`}>{findingText(t, f)}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

function findingText(t: ReturnType<typeof useTranslation>['t'], f: FindingSummary): string {
  return t(`audit.findings.${f.kind}`, { checkpointId: f.checkpointId ?? '?', eventId: f.eventId ?? '?', defaultValue: f.message });
}

function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <details className="event-details">
      <summary>{t('audit.show')}</summary>
      <dl>
        {event.requestId && (
          <>
            <dt>{t('audit.fields.requestId')}</dt>
            <dd className="mono">{event.requestId}</dd>
          </>
        )}
        <dt>{t('audit.fields.before')}</dt>
        <dd>
          <pre>{JSON.stringify(event.before, null, 2) ?? '—'}</pre>
        </dd>
        <dt>{t('audit.fields.after')}</dt>
        <dd>
          <pre>{JSON.stringify(event.after, null, 2) ?? '—'}</pre>
        </dd>
        <dt>{t('audit.fields.hash')}</dt>
        <dd className="mono small">{event.hash}</dd>
      </dl>
    </details>
  );
}
