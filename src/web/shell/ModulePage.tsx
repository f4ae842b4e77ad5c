import { lazy, useMemo, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { LazyBoundary } from '../components/LazyBoundary';
import type { PageLoader } from './web-module';

const lazyPages = new Map<PageLoader, LazyExoticComponent<ComponentType>>();

/** One lazy component per loader, for the life of the page, so React keeps its state across renders. */
function lazyPage(page: PageLoader): LazyExoticComponent<ComponentType> {
  let component = lazyPages.get(page);
  if (!component) {
    component = lazy(page);
    lazyPages.set(page, component);
  }
  return component;
}

/** Waits for the module's messages, then shows its page (both fetched on demand). */
function WithMessages({ ns, page }: { ns: string; page: PageLoader }) {
  useTranslation(ns); // suspends until the module's namespace is loaded
  const Page = useMemo(() => lazyPage(page), [page]);
  return <Page />;
}

/** A module's page in the portal or the back-office, with a message and a reload button if it fails to load. */
export function ModulePage({ page, ns }: { page: PageLoader; ns: string }) {
  return (
    <LazyBoundary>
      <WithMessages ns={ns} page={page} />
    </LazyBoundary>
  );
}
