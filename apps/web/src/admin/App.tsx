import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import en_US from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from '../features/auth/session';
import { ErrorState, PageLoading } from '../lib/feedback';
import { AppShell } from './shell/AppShell';
import { MENU, ROUTES, mayOpen, type PagePermission } from './shell/menu';

const LoginPage = lazy(() => import('../features/auth/pages/LoginPage'));

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? en_US : zh_CN} theme={{ token: { colorPrimary: '#c41d2f', borderRadius: 6 } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginRoute />} />
        <Route
          element={
            <RequireSession>
              <AppShell />
            </RequireSession>
          }
        >
          {MENU.map((item) => {
            const element = guarded(item.page, item.permission);
            return item.path === '/' ? <Route key={item.key} index element={element} /> : <Route key={item.key} path={item.path.slice(1)} element={element} />;
          })}
          {/* Pages without a menu entry of their own (detail pages), declared by their features. */}
          {ROUTES.map((route) => (
            <Route key={route.path} path={route.path.slice(1)} element={guarded(route.page, route.permission)} />
          ))}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

function LoginRoute() {
  const { status, error, refresh } = useSession();
  const location = useLocation();
  if (status === 'loading') return <PageLoading />;
  if (status === 'error') return <ErrorState error={error} onRetry={() => void refresh()} />;
  if (status === 'authenticated') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }
  return <LoginPage />;
}

function RequireSession({ children }: { children: ReactNode }) {
  const { status, me, error, refresh } = useSession();
  const location = useLocation();
  if (status === 'loading') return <PageLoading />;
  if (status === 'error') return <ErrorState error={error} onRetry={() => void refresh()} />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // A reset or initial password must be replaced before anything else.
  if (me.mustChangePassword && location.pathname !== '/profile') return <Navigate to="/profile" replace />;
  return <>{children}</>;
}

/** A lazy page behind its permission (none: every signed-in user). */
function guarded(Page: ComponentType, permission: PagePermission): ReactNode {
  return permission ? (
    <RequirePermission permission={permission}>
      <Page />
    </RequirePermission>
  ) : (
    <Page />
  );
}

function RequirePermission({ permission, children }: { permission: Permission | readonly Permission[]; children: ReactNode }) {
  const { me } = useSession();
  if (!mayOpen(me?.permissions ?? [], permission)) return <Navigate to="/" replace />;
  return <>{children}</>;
}
