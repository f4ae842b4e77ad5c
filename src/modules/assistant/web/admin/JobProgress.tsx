import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '@web/api/client';
import { problemMessage } from '@web/components/problem';
import i18n from '@web/i18n';
import type { Job } from './api';

const POLL_MS = 1000;

function progressOf(job: Job): { done: number; total: number } | null {
  const p = job.progress as { done?: unknown; total?: unknown; processed?: unknown; current?: unknown } | null;
  if (!p || typeof p !== 'object') return null;
  const done = [p.done, p.processed, p.current].find((v) => typeof v === 'number') as number | undefined;
  const total = typeof p.total === 'number' ? p.total : undefined;
  return done !== undefined && total ? { done, total } : null;
}

/**
 * What a finished job did, in words: one document created, updated or unchanged (with a link to
 * it), or the counts of a batch; other results (embeddings…) as their fields.
 */
export function JobResult({ result }: { result: unknown }) {
  const { t } = useTranslation('assistant');
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  if (typeof r.documentId === 'string' && (r.outcome === 'created' || r.outcome === 'updated' || r.outcome === 'unchanged')) {
    return (
      <>
        {t(`admin.jobs.outcome.${r.outcome}`, { count: typeof r.passages === 'number' ? r.passages : 0 })}{' '}
        <Link to={`/admin/assistant/documents/${encodeURIComponent(r.documentId)}`}>{t('admin.jobs.openDocument')}</Link>
      </>
    );
  }
  if (typeof r.created === 'number' && typeof r.updated === 'number' && typeof r.unchanged === 'number') {
    return <>{t('admin.jobs.batch', { created: r.created, updated: r.updated, unchanged: r.unchanged })}</>;
  }
  const parts = Object.entries(r)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length ? <>{parts.join(' · ')}</> : null;
}

/**
 * Why a job failed, in the reader's language when its code has a message (an `outbound.*` refusal
 * of the crawler…), with the job's own detail after it (the page at fault; written in French).
 */
export function JobError({ error }: { error: NonNullable<Job['error']> }) {
  const { t } = useTranslation('assistant');
  const known = knownProblem(t, error.code);
  if (!known) return <>{error.message}</>;
  return (
    <>
      {known} <span className="small">({error.message})</span>
    </>
  );
}

function knownProblem(t: TFunction, code: string): string | null {
  const key = `problems.${code}`;
  return i18n.exists(key) ? t(key) : null;
}

/** Polls an ingestion job until it ends, showing its progress as an accessible progress bar and its outcome as a status. */
export function JobProgress({ jobId, onFinished }: { jobId: number; onFinished?(job: Job): void }) {
  const { t } = useTranslation('assistant');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const tick = async () => {
      try {
        const j = await api.get<Job>(`/api/admin/assistant/jobs/${jobId}`);
        if (!live) return;
        setJob(j);
        if (j.status === 'succeeded' || j.status === 'failed') {
          onFinished?.(j);
          return;
        }
      } catch (err) {
        if (!live) return;
        setError(err);
        return;
      }
      timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [jobId]);

  if (error) return <p className="error-text" role="alert">{problemMessage(t, error)}</p>;
  const progress = job ? progressOf(job) : null;
  const percent = progress ? Math.round((progress.done / progress.total) * 100) : null;
  const status = job?.status ?? 'queued';
  return (
    <div className={`job job-${status}`} data-testid="job-progress">
      <p className="job-title">
        {t('admin.jobs.job', { id: jobId })} — <strong>{t(`admin.jobs.status.${status}`)}</strong>
      </p>
      {status === 'running' || status === 'queued' ? (
        <div
          className="job-bar"
          role="progressbar"
          aria-label={t('admin.jobs.progressLabel', { id: jobId })}
          aria-valuemin={0}
          aria-valuemax={100}
          {...(percent !== null ? { 'aria-valuenow': percent, 'aria-valuetext': `${progress!.done} / ${progress!.total}` } : {})}
        >
          <span className="job-bar-fill" style={{ width: percent !== null ? `${percent}%` : '30%' }} />
        </div>
      ) : null}
      <div role="status" className="job-outcome">
        {status === 'succeeded' ? (
          <p>
            {t('admin.jobs.succeeded')} <JobResult result={job?.result} />
          </p>
        ) : status === 'failed' ? (
          <p className="error-text">{job?.error ? <JobError error={job.error} /> : t('admin.jobs.failed')}</p>
        ) : null}
      </div>
    </div>
  );
}
