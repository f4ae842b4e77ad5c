import type { ReactNode } from 'react';

/** A polite status line (saved, copied, verified…) that screen readers read without moving focus. */
export function StatusMessage({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div role="status" className={`status status-${tone}`}>
      {children}
    </div>
  );
}
