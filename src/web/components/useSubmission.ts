import { useState } from 'react';

/**
 * The state every form shares: one submission at a time, the last error (a problem+json
 * error from the API client, shown by ErrorSummary), cleared when a new submission starts.
 */
export function useSubmission() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (work: () => Promise<unknown>, opts: { onError?: () => void } = {}) => {
    if (pending) return;
    setPending(true);
    setError(null);
    work()
      .catch((err: unknown) => {
        setError(err);
        opts.onError?.();
      })
      .finally(() => setPending(false));
  };
  return { pending, error, submit };
}
