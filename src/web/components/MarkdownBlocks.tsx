import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Block, Range } from '../markdown';
import { TableWrap } from './TableWrap';

/**
 * The blocks of `parseBlocks` as React elements — headings, paragraphs, lists, tables — never as
 * HTML, so nothing in the text can inject markup. The caller says how a run of text renders
 * (`inline`: bold, links, a cited span marked…) and which heading level a Markdown level becomes
 * (the page's own h1 is its title). A table scrolls in a `TableWrap` when too wide for the screen.
 */
export function MarkdownBlocks({ blocks, inline, headingLevel }: { blocks: readonly Block[]; inline: (range: Range) => ReactNode; headingLevel: (level: number) => number }) {
  const { t } = useTranslation();
  return (
    <>
      {blocks.map((b, i) => {
        switch (b.kind) {
          case 'heading': {
            const H = `h${Math.min(6, Math.max(2, headingLevel(b.level)))}` as 'h2';
            return <H key={i}>{inline(b.range)}</H>;
          }
          case 'paragraph':
            return (
              <p key={i}>
                {b.lines.map((l, k) => (
                  <Fragment key={k}>
                    {k > 0 ? ' ' : null}
                    {inline(l)}
                  </Fragment>
                ))}
              </p>
            );
          case 'list': {
            const L = b.ordered ? 'ol' : 'ul';
            return (
              <L key={i}>
                {b.items.map((it, k) => (
                  <li key={k}>{inline(it)}</li>
                ))}
              </L>
            );
          }
          case 'table':
            return (
              <TableWrap label={t('common.table')} key={i}>
                <table className="table">
                  <thead>
                    <tr>
                      {b.header.map((c, k) => (
                        <th scope="col" key={k}>
                          {inline(c)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.map((row, r) => (
                      <tr key={r}>
                        {row.map((c, k) => (
                          <td key={k}>{inline(c)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            );
        }
      })}
    </>
  );
}
