import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The shell's `.table-wrap`, which scrolls a table too wide (or too long) for the screen. A region
 * that scrolls must be reachable with the keyboard (WCAG 2.1 2.1.1, with 1.4.10 reflow): when it
 * overflows, it becomes a focusable region named by `label` (an i18n text); when it fits, it stays
 * a plain box and adds no tab stop.
 *
 * Every page uses this one (the platform's `ChartTable` and `MarkdownBlocks` too).
 */
export function TableWrap({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollable, setScrollable] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => setScrollable(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className={['table-wrap', className].filter(Boolean).join(' ')} {...(scrollable ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}
