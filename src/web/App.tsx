import { lazy, Suspense } from 'react';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { BrowserRouter, Outlet, Route, Routes, useHref, useNavigate, type NavigateOptions } from 'react-router-dom';
import { AnnouncerProvider } from './components/Announcer';
import { LazyBoundary } from './components/LazyBoundary';
import { Loading } from './components/Loading';
import { SiteProvider } from './components/SiteContext';
import { WEB_MODULES } from './modules';
import { AccessibilityPage } from './portal/AccessibilityPage';
import { HomePage } from './portal/HomePage';
import { NotFoundPage } from './portal/NotFoundPage';
import { PortalLayout } from './portal/PortalLayout';
import { SourcesPage } from './portal/SourcesPage';
import { TransparencePage } from './portal/TransparencePage';
import { ModulePage } from './shell/ModulePage';

const AdminRoutes = lazy(() => import('./admin/AdminRoutes'));

declare module 'react-aria-components' {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

/** Lets React Aria links navigate through React Router instead of reloading the page. */
function AriaRouter() {
  const navigate = useNavigate();
  return (
    <AriaRouterProvider navigate={navigate} useHref={useHref}>
      <Outlet />
    </AriaRouterProvider>
  );
}

/** Every module's portal pages, each loaded when first opened. */
const portalRoutes = WEB_MODULES.flatMap((m) => (m.portal?.routes ?? []).map((r) => ({ ...r, ns: m.name })));

export function App() {
  return (
    <BrowserRouter>
      <SiteProvider>
        <AnnouncerProvider>
          {/* The navigation's labels come from the modules' messages, fetched at start. */}
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route element={<AriaRouter />}>
                <Route element={<PortalLayout />}>
                  <Route index element={<HomePage />} />
                  {portalRoutes.map((r) => (
                    <Route key={r.path} path={r.path.slice(1)} element={<ModulePage page={r.page} ns={r.ns} />} />
                  ))}
                  <Route path="transparence" element={<TransparencePage />} />
                  <Route path="accessibilite" element={<AccessibilityPage />} />
                  <Route path="sources" element={<SourcesPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
                <Route
                  path="admin/*"
                  element={
                    <LazyBoundary>
                      <AdminRoutes />
                    </LazyBoundary>
                  }
                />
              </Route>
            </Routes>
          </Suspense>
        </AnnouncerProvider>
      </SiteProvider>
    </BrowserRouter>
  );
}
