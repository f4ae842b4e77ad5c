import { useCallback, useEffect, useState } from 'react';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Fetches again (after a change); the current data stays shown meanwhile. */
  reload(): void;
  /** Replaces the data with what a write returned, without a new request. */
  set(value: T): void;
}

/** Data read from the API for a page: fetched when `key` changes, answers to an older key ignored. */
export function useResource<T>(load: () => Promise<T>, key: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // `load` is a new closure on every render; `key` says when what it reads changed.
  }, [...key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const set = useCallback((value: T) => setData(value), []);
  return { data, error, loading, reload, set };
}
