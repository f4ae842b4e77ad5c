import { Fragment, useMemo, type ReactNode } from 'react';
import { parseBlocks, segmentsOf, type Range } from '@web/markdown';
import { MarkdownBlocks } from '@web/components/MarkdownBlocks';

/**
 * A consultation's description, written by staff in Markdown, rendered without any HTML: the
 * platform's small reader (headings, paragraphs, lists, tables, bold, links to http(s), mailto,
 * tel or a path) builds React elements, so nothing in the text can inject markup or script. Single
 * `*emphasis*` or `_emphasis_`, which that reader leaves as text, is shown in italics here.
 */
export function Markdown({ text, headingBase = 2 }: { text: string; headingBase?: number }) {
  const blocks = useMemo(() => parseBlocks(text), [text]);
  // The description's own top level becomes the page's next level, whether it starts at # or ##.
  const topLevel = Math.min(6, ...blocks.map((b) => (b.kind === 'heading' ? b.level : 6)));
  const inline = (range: Range): ReactNode =>
    segmentsOf(text, range).map((s) => {
      let node: ReactNode = <Emphasis text={s.text} />;
      if (s.strong) node = <strong>{node}</strong>;
      if (s.href) node = <a href={s.href}>{node}</a>;
      return <Fragment key={s.from}>{node}</Fragment>;
    });
  return (
    <div className="pa-markdown">
      <MarkdownBlocks blocks={blocks} inline={inline} headingLevel={(level) => headingBase + level - topLevel} />
    </div>
  );
}

const EMPHASIS = /(\*|_)(?=\S)([^*_\n]*?\S)\1/g;

/** Text with `*single*` or `_single_` markers shown as emphasis (the markers dropped). */
function Emphasis({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(EMPHASIS)) {
    const at = match.index;
    // An underscore inside a word (snake_case, a file name) is not emphasis.
    if (match[1] === '_' && at > 0 && /\w/.test(text[at - 1]!)) continue;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(<em key={at}>{match[2]}</em>);
    last = at + match[0].length;
  }
  if (last === 0) return <>{text}</>;
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
