import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { useAnnounce } from './Announcer';
import { useSite } from './SiteContext';

interface PageProps {
  title: string;
  /** Shown under the h1. */
  lead?: ReactNode;
  children?: ReactNode;
  className?: string;
}

/**
 * Every page goes through here: one h1, the document title, and, after a client-side
 * navigation, focus on the h1 and an announcement so screen-reader users know the page changed.
 */
export function Page({ title, lead, children, className }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  const announce = useAnnounce();
  const { siteName } = useSite();
  const { t } = useTranslation();

  useEffect(() => {
    // The home page's title is the site's name: "Vincennes", not "Vincennes — Vincennes".
    const site = siteName || t('app.name');
    document.title = title === site ? title : `${title} — ${site}`;
  }, [title, siteName, t]);

  useEffect(() => {
    // The first page load is announced by the browser itself; only in-app navigations need help.
    if (location.key === 'default') return;
    if (!location.hash) heading.current?.focus();
    announce(t('a11y.pageLoaded', { title }));
  }, [location.key]);

  return (
    <div className={['page', className].filter(Boolean).join(' ')}>
      <h1 ref={heading} tabIndex={-1} className="page-title">
        {title}
      </h1>
      {lead ? <div className="page-lead">{lead}</div> : null}
      {children}
    </div>
  );
}
