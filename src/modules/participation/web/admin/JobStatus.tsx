import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '@web/components/problem';
import { adminApi, type JobView } from '../api';

const POLL_MS = 1000;

/** Follows a participation job (opinion groups, synthesis) until it ends, in a polite status line. */
export function JobStatus({ jobId, onFinished }: { jobId: number; onFinished?(job: JobView): void }) {
  const { t } = useTranslation('participation');
  const [job, setJob] = useState<JobView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const tick = async () => {
      try {
        const j = await adminApi.job(jobId);
        if (!live) return;
        setJob(j);
        if (j.status === 'succeeded' || j.status === 'failed') {
          onFinished?.(j);
          return;
        }
      } catch (err) {
        if (live) setError(err);
        return;
      }
      timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // Follows one job: a new id is a new component (keyed by the caller).
  }, [jobId]);

  const status = job?.status ?? 'queued';
  return (
    <div role="status" className={`pa-job pa-job-${status}`} data-testid="job-status" data-status={status}>
      {error ? (
        <p className="error-text">{problemMessage(t, error)}</p>
      ) : (
        <p>
          {t('admin.job.line', { id: jobId, status: t(`admin.job.status.${status}`, { defaultValue: status }) })}
          {job?.error ? <> — {job.error}</> : null}
        </p>
      )}
    </div>
  );
}
