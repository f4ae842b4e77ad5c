import { useCallback, useRef, useState } from 'react';

/**
 * The state every form shares: one submission at a time, the last error (a problem+json
 * error from the API client, shown by ErrorSummary), cleared when a new submission starts.
 * A page with several actions uses one hook for all of them, so that they share the error
 * summary and never run at the same time.
 */
export function useSubmission() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The state is only seen at the next render; a double click or Enter pressed twice must not get through before it.
  const inFlight = useRef(false);
  const submit = (work: () => Promise<unknown>, opts: { onError?: () => void } = {}) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setError(null);
    let running: Promise<unknown>;
    try {
      running = work();
    } catch (err) {
      running = Promise.reject(err);
    }
    running
      .catch((err: unknown) => {
        setError(err);
        opts.onError?.();
      })
      .finally(() => {
        inFlight.current = false;
        setPending(false);
      });
  };
  /** Shows an error that no submission produced: an input refused before sending, a failed read on the same page. */
  const showError = useCallback((err: unknown) => setError(() => err), []);
  return { pending, error, submit, showError };
}
