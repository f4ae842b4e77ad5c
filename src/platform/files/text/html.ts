/**
 * HTML → Markdown-like text (the form the assistant's knowledge base stores): headings become `#` lines,
 * list items `- ` lines, table rows ` | `-joined lines, and site chrome (scripts,
 * styles, navigation, footers) is dropped.
 */
import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';
import { normalizeBody } from './normalize';

const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'nav', 'footer', 'iframe', 'object', 'embed',
  'button', 'select', 'input', 'textarea', 'option', 'head', 'meta', 'link', 'dialog', 'video', 'audio', 'map',
]);
const DROPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'dialog']);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'blockquote', 'dl', 'dd', 'dt', 'figure', 'figcaption',
  'address', 'ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'caption', 'form', 'fieldset', 'legend', 'details',
  'summary', 'center', 'body', 'html', 'header', 'hgroup',
]);

type BlockKind = 'para' | 'heading' | 'item' | 'row' | 'pre';
interface Block {
  kind: BlockKind;
  text: string;
}

export interface HtmlText {
  title: string | null;
  body: string;
  /** `<meta name="robots" content="noindex">`: the site asks not to index this page. */
  noindex: boolean;
}

export function htmlToText(html: string): HtmlText {
  const root = parse(html, { comment: false, blockTextElements: { pre: true } });
  const titleTag = root.querySelector('title')?.text.trim() || null;
  const robots = root.querySelector('meta[name="robots"]')?.getAttribute('content') ?? '';
  const content = pickContentRoot(root);
  const blocks: Block[] = [];
  let inline = '';
  const flush = (kind: BlockKind = 'para') => {
    const text = inline.replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ kind, text });
    inline = '';
  };

  const walk = (node: Node, listDepth: number, insideContent: boolean): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      inline += node.text;
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (DROPPED.has(tag)) return;
    if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return;
    if (DROPPED_ROLES.has(el.getAttribute('role') ?? '')) return;
    // A page header is site chrome; an article's header holds its title.
    if (tag === 'header' && !insideContent) return;
    const inContent = insideContent || tag === 'article' || tag === 'main';

    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      flush();
      for (const c of el.childNodes) walk(c, listDepth, inContent);
      const text = inline.replace(/\s+/g, ' ').trim();
      inline = '';
      if (text) blocks.push({ kind: 'heading', text: `${'#'.repeat(Number(heading[1]))} ${text}` });
      return;
    }
    if (tag === 'br') {
      flush();
      return;
    }
    if (tag === 'hr') {
      flush();
      return;
    }
    if (tag === 'pre') {
      flush();
      const text = el.text.replace(/\s+$/, '');
      if (text.trim()) blocks.push({ kind: 'pre', text });
      return;
    }
    if (tag === 'li') {
      flush();
      const ordered = el.parentNode?.rawTagName?.toLowerCase() === 'ol';
      const index = ordered ? el.parentNode!.childNodes.filter((c) => (c as HTMLElement).rawTagName?.toLowerCase() === 'li').indexOf(el) + 1 : 0;
      const marker = `${'  '.repeat(Math.max(0, listDepth - 1))}${ordered ? `${index}.` : '-'} `;
      const before = blocks.length;
      for (const c of el.childNodes) walk(c, listDepth, inContent);
      const text = inline.replace(/\s+/g, ' ').trim();
      inline = '';
      // Nested blocks inside the item were already emitted; the item's own text goes before them.
      if (text) blocks.splice(before, 0, { kind: 'item', text: marker + text });
      else if (blocks.length > before && blocks[before]!.kind !== 'item') blocks[before] = { kind: 'item', text: marker + blocks[before]!.text };
      return;
    }
    if (tag === 'tr') {
      flush();
      const cells = el.childNodes
        .filter((c) => ['td', 'th'].includes((c as HTMLElement).rawTagName?.toLowerCase() ?? ''))
        .map((c) => (c as HTMLElement).text.replace(/\s+/g, ' ').trim());
      if (cells.some((c) => c)) blocks.push({ kind: 'row', text: cells.join(' | ') });
      return;
    }
    const isBlock = BLOCKS.has(tag) || tag === 'ul' || tag === 'ol';
    if (isBlock) flush();
    const nextDepth = tag === 'ul' || tag === 'ol' ? listDepth + 1 : listDepth;
    for (const c of el.childNodes) walk(c, nextDepth, inContent);
    if (isBlock) flush();
    else if (tag === 'td' || tag === 'th') inline += ' ';
  };
  walk(content, 0, content !== root && content.rawTagName?.toLowerCase() !== 'body');
  flush();

  let out = '';
  blocks.forEach((b, i) => {
    if (i > 0) {
      const prev = blocks[i - 1]!;
      out += (prev.kind === 'item' && b.kind === 'item') || (prev.kind === 'row' && b.kind === 'row') ? '\n' : '\n\n';
    }
    out += b.text;
  });
  const body = normalizeBody(out);
  const h1 = blocks.find((b) => b.kind === 'heading' && b.text.startsWith('# '))?.text.slice(2) ?? null;
  return { title: (h1 ?? titleTag)?.slice(0, 300) ?? null, body, noindex: /\bnoindex\b/i.test(robots) };
}

function pickContentRoot(root: HTMLElement): HTMLElement {
  const main = root.querySelector('main') ?? root.querySelector('[role="main"]');
  if (main) return main;
  const articles = root.querySelectorAll('article');
  if (articles.length === 1) return articles[0]!;
  return root.querySelector('body') ?? root;
}
