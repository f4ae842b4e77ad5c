import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from '../api/client';
import type { LoginBody, Me as MeResponse, Session as LoginResponse, StaffUser } from '../../modules/accounts/api-schemas';

type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; user: StaffUser; permissions: string[]; mustChangePassword: boolean };

interface Auth {
  state: AuthState;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Re-reads the session (after a password change, for instance). */
  refresh(): Promise<void>;
  /** Admins hold every permission; the server decides anyway, this only hides what would be refused. */
  can(permission: string): boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await api.get<MeResponse>('/api/auth/me', { quietUnauthorized: true });
      setCsrfToken(me.csrfToken);
      setState({
        status: 'authenticated',
        user: me.user,
        permissions: me.permissions ?? [],
        mustChangePassword: Boolean(me.mustChangePassword),
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setState({ status: 'anonymous', expired: false });
      } else {
        throw err;
      }
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'anonymous', expired: false }));
  }, [refresh]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        setState({ status: 'anonymous', expired: true });
      }),
    [],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const res = await api.post<LoginResponse, LoginBody>('/api/auth/login', { email, password }, { quietUnauthorized: true });
      setCsrfToken(res.csrfToken);
      await refresh();
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { quietUnauthorized: true });
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous', expired: false });
    }
  }, []);

  const value = useMemo<Auth>(
    () => ({
      state,
      login,
      logout,
      refresh,
      can: (permission) =>
        state.status === 'authenticated' && (state.user.role === 'admin' || state.permissions.includes(permission)),
    }),
    [state, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export function useCurrentUser(): StaffUser {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useCurrentUser outside an authenticated route');
  return state.user;
}
