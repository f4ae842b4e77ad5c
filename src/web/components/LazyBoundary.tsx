import { Component, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from './Loading';

function LoadFailed() {
  const { t } = useTranslation();
  return (
    <div className="card" role="alert">
      <p>{t('common.loadFailed')}</p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        {t('common.reload')}
      </button>
    </div>
  );
}

/**
 * A page loaded on demand can fail to arrive: the network dropped, or a tab left open across a
 * new release asks for a file that no longer exists. Instead of a blank page, say so and offer
 * to reload.
 */
class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <LoadFailed /> : this.props.children;
  }
}

/** Suspense for a lazily loaded page, with a message and a reload button if it fails to load. */
export function LazyBoundary({ children }: { children: ReactNode }) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}
