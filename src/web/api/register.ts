import { useEffect, useState } from 'react';
import { api } from './client';
import type { RegisterDocument as RegisterResponse } from '../../platform/register/api-schemas';

let pending: Promise<RegisterResponse> | null = null;

/** The register changes only when an admin changes settings; one fetch per page load is enough for residents. */
export function loadRegister(fresh = false): Promise<RegisterResponse> {
  if (!pending || fresh) {
    pending = api.get<RegisterResponse>('/api/register');
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}

export function useRegister(fresh = false) {
  const [state, setState] = useState<{ data: RegisterResponse | null; error: unknown }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    loadRegister(fresh).then(
      (data) => live && setState({ data, error: null }),
      (error: unknown) => live && setState({ data: null, error }),
    );
    return () => {
      live = false;
    };
  }, [fresh]);
  return state;
}
