import { useId, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Page } from '@web/components/Page';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, type ImportResult } from '../../api';
import { ConfigNav } from './ConfigNav';
import { NativeSelect } from './fields';
import '../../public-space.css';

type ImportStatus = 'archived' | 'new' | 'done';

/**
 * `/admin/signalements/import`: reports from a DansMaRue open-data CSV (a history, archived by
 * default, or reports still to deal with); rows outside the commune or of an unknown type are
 * skipped and listed with their line.
 */
export function ImportReportsPage() {
  const { t } = useTranslation('public-space');
  const fileId = useId();
  const file = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<ImportStatus>('archived');
  const [result, setResult] = useState<ImportResult | null>(null);
  const submission = useSubmission();

  return (
    <Page title={t('imports.title')} lead={<p>{t('imports.intro')}</p>} className="ps-page ps-admin">
      <ConfigNav />
      {result ? (
        <StatusMessage tone="success">
          {t('imports.done', { count: result.imported, skipped: result.skipped })}
          {result.problems.length ? (
            <ul className="ps-problems" data-testid="import-problems">
              {result.problems.slice(0, 20).map((p, i) => (
                <li key={i}>{t('places.problemLine', { line: p.line, message: p.message })}</li>
              ))}
            </ul>
          ) : null}
        </StatusMessage>
      ) : null}
      <ErrorSummary error={submission.error} />
      <Form
        className="form card"
        onSubmit={(e) => {
          e.preventDefault();
          submission.submit(async () => {
            setResult(null);
            const chosen = file.current?.files?.[0];
            if (!chosen) return;
            setResult(await adminApi.importDansMaRue(chosen, status));
            if (file.current) file.current.value = '';
          });
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor={fileId}>
            {t('imports.file')}
          </label>
          <p className="field-description" id={`${fileId}-help`}>
            {t('imports.fileHelp')}
          </p>
          <input id={fileId} ref={file} className="field-input" type="file" name="file" required accept=".csv,text/csv" aria-describedby={`${fileId}-help`} />
        </div>
        <NativeSelect label={t('imports.status')} name="status" value={status} onChange={(v) => setStatus(v as ImportStatus)} description={t('imports.statusHelp')}>
          {(['archived', 'new', 'done'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </NativeSelect>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isDisabled={submission.pending}>
            {t('imports.import')}
          </Button>
        </div>
      </Form>
      <p className="small">{t('imports.licence')}</p>
    </Page>
  );
}
