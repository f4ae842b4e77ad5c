import { lazy } from 'react';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { BrowserRouter, Outlet, Route, Routes, useHref, useNavigate, type NavigateOptions } from 'react-router-dom';
import { AnnouncerProvider } from './components/Announcer';
import { LazyBoundary } from './components/LazyBoundary';
import { SiteProvider } from './components/SiteContext';
import { AccessibilityPage } from './portal/AccessibilityPage';
import { AssistantPage } from './portal/AssistantPage';
import { SourceViewerPage } from './assistant/SourceViewerPage';
import { TicketPage } from './assistant/TicketPage';
import { ComingSoonPage } from './portal/ComingSoonPage';
import { HomePage } from './portal/HomePage';
import { NotFoundPage } from './portal/NotFoundPage';
import { PortalLayout } from './portal/PortalLayout';
import { SourcesPage } from './portal/SourcesPage';
import { TransparencePage } from './portal/TransparencePage';

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

export function App() {
  return (
    <BrowserRouter>
      <SiteProvider>
        <AnnouncerProvider>
          <Routes>
            <Route element={<AriaRouter />}>
              <Route element={<PortalLayout />}>
                <Route index element={<HomePage />} />
                <Route path="assistant" element={<AssistantPage />} />
                <Route path="assistant/sources/:documentId" element={<SourceViewerPage />} />
                <Route path="assistant/suivi/:code" element={<TicketPage />} />
                <Route path="assistant/tickets/:code" element={<TicketPage />} />
                <Route path="participer" element={<ComingSoonPage titleKey="nav.participate" />} />
                <Route path="signaler" element={<ComingSoonPage titleKey="nav.report" />} />
                <Route path="territoire" element={<ComingSoonPage titleKey="nav.territory" />} />
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
        </AnnouncerProvider>
      </SiteProvider>
    </BrowserRouter>
  );
}
