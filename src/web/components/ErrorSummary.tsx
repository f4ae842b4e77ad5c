import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from './problem';

interface ErrorSummaryProps {
  error: unknown;
  /** Field name → visible label, to name the fields in the list. */
  fieldErrors?: Record<string, string>;
  fieldLabels?: Record<string, string>;
}

/**
 * Shown above a form after a failed submission; takes focus so keyboard and screen-reader
 * users land on what went wrong. The fields themselves carry their own messages.
 */
export function ErrorSummary({ error, fieldErrors = {}, fieldLabels = {} }: ErrorSummaryProps) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) box.current?.focus();
  }, [error]);
  if (!error) return null;
  const fields = Object.entries(fieldErrors);
  return (
    <div ref={box} className="error-summary" tabIndex={-1} data-testid="error-summary">
      <h2 className="error-summary-title">
        {t('forms.errorSummaryTitle')}
      </h2>
      <p>{problemMessage(t, error)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([name, message]) => (
            <li key={name}>
              {fieldLabels[name] ? <strong>{fieldLabels[name]} : </strong> : null}
              {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
