import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import { isApiError, setUnauthenticatedListener } from '../../lib/api';
import { changeLanguage, currentLanguage, isLocale } from '../../lib/i18n';
import { fetchMe, logout as logoutRequest, updateProfile, type Me } from './api';

type SessionStatus = 'loading' | 'authenticated' | 'anonymous' | 'error';

type Session = {
  status: SessionStatus;
  me: Me | null;
  error: unknown;
  /** After a successful login: the language picked on the login page wins and is saved. */
  signedIn: (me: Me) => void;
  replaceMe: (me: Me) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: Permission) => boolean;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const current = await fetchMe();
      setMe(current);
      setStatus('authenticated');
      // A returning user sees the language saved on the server.
      if (isLocale(current.locale) && current.locale !== currentLanguage()) await changeLanguage(current.locale);
    } catch (cause) {
      setMe(null);
      if (isApiError(cause) && cause.status === 401) {
        setStatus('anonymous');
      } else {
        setError(cause);
        setStatus('error');
      }
    }
  }, []);

  useEffect(() => {
    void load();
    setUnauthenticatedListener(() => {
      setMe(null);
      setStatus('anonymous');
    });
    return () => setUnauthenticatedListener(null);
  }, [load]);

  const signedIn = useCallback((user: Me) => {
    setMe(user);
    setStatus('authenticated');
    const language = currentLanguage();
    if (user.locale !== language) {
      updateProfile({ locale: language }).then(setMe, () => undefined);
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await logoutRequest();
    } finally {
      setMe(null);
      setStatus('anonymous');
    }
  }, []);

  const value = useMemo<Session>(
    () => ({
      status,
      me,
      error,
      signedIn,
      replaceMe: setMe,
      refresh: load,
      logout,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [status, me, error, signedIn, load, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages rendered inside the authenticated shell. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
