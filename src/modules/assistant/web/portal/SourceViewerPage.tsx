import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { assistantApi } from './api';
import { parseBlocks, segmentsOf, type Range } from '@web/markdown';
import { MarkdownBlocks } from '@web/components/MarkdownBlocks';
import type { CitedDocument } from './types';
import './assistant.css';

function intParam(v: string | null): number | null {
  if (v === null || !/^\d+$/.test(v)) return null;
  return Number(v);
}

/** `/assistant/sources/:documentId?start=&end=`: a cited document with the cited span highlighted, scrolled to and focused. */
export function SourceViewerPage() {
  const { t, i18n } = useTranslation('assistant');
  const { documentId = '' } = useParams();
  const [params] = useSearchParams();
  const start = intParam(params.get('start'));
  const end = intParam(params.get('end'));
  const version = params.get('version');
  const [doc, setDoc] = useState<CitedDocument | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setDoc(null);
    setError(null);
    assistantApi.document(documentId, version).then(
      (d) => live && setDoc(d),
      (err: unknown) => {
        if (!live) return;
        // The cited version may have been replaced since: fall back to the current one.
        if (version) assistantApi.document(documentId).then((d) => live && setDoc(d), (e: unknown) => live && setError(e));
        else setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [documentId, version]);

  const highlight = doc && start !== null && end !== null && start < end && end <= doc.body.length ? { start, end } : null;
  const firstMark = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!doc || !highlight) return;
    const el = firstMark.current;
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }, [doc, highlight?.start, highlight?.end]);

  if (error) {
    return (
      <Page title={t('source.notFoundTitle')}>
        <p>{problemMessage(t, error)}</p>
        <p>
          <Link to="/assistant">{t('source.back')}</Link>
        </p>
      </Page>
    );
  }
  if (!doc) return <Loading />;

  const updated = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' }).format(new Date(doc.updatedAt));
  return (
    <Page title={doc.title} className="source-viewer">
      <div className="source-meta">
        {doc.demo ? (
          <p className="demo-badge source-demo" data-testid="demo-badge">
            {t('source.demo')}
          </p>
        ) : null}
        <dl className="source-facts">
          <div>
            <dt>{t('source.type')}</dt>
            <dd>{t(`types.${doc.type}`)}</dd>
          </div>
          {doc.service ? (
            <div>
              <dt>{t('source.service')}</dt>
              <dd>{doc.service}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('source.updated')}</dt>
            <dd>
              <time dateTime={doc.updatedAt}>{updated}</time>
            </dd>
          </div>
        </dl>
        <p className="source-links">
          <Link to="/assistant">{t('source.back')}</Link>
          {doc.sourceUrl ? (
            <>
              {' · '}
              <a href={doc.sourceUrl} rel="noopener noreferrer">
                {t('source.original')}
              </a>
            </>
          ) : null}
        </p>
        {highlight ? <p className="source-note">{t('source.highlightNote')}</p> : null}
      </div>
      <DocumentBody body={doc.body} highlight={highlight} firstMark={firstMark} />
    </Page>
  );
}

function DocumentBody({
  body,
  highlight,
  firstMark,
}: {
  body: string;
  highlight: { start: number; end: number } | null;
  firstMark: React.MutableRefObject<HTMLElement | null>;
}) {
  const { t } = useTranslation('assistant');
  const blocks = useMemo(() => parseBlocks(body), [body]);
  let markSeen = false;

  const inline = (range: Range): ReactNode =>
    segmentsOf(body, range, highlight).map((s) => {
      let node: ReactNode = s.text;
      if (s.strong) node = <strong>{node}</strong>;
      if (s.href) node = <a href={s.href}>{node}</a>;
      if (s.marked) {
        const first = !markSeen;
        markSeen = true;
        node = first ? (
          <mark
            ref={(el) => {
              firstMark.current = el;
            }}
            tabIndex={-1}
            className="cited"
            data-testid="cited-span"
          >
            <span className="visually-hidden">{t('source.markStart')} </span>
            {node}
          </mark>
        ) : (
          <mark className="cited">{node}</mark>
        );
      }
      return <Fragment key={s.from}>{node}</Fragment>;
    });

  return (
    <article className="source-body" data-testid="source-body" aria-label={t('source.bodyLabel')}>
      {/* The page's h1 is the title: document headings start at h2. */}
      <MarkdownBlocks blocks={blocks} inline={inline} headingLevel={(level) => level + 1} />
    </article>
  );
}
