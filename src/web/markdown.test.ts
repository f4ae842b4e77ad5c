import { describe, expect, it } from 'vitest';
import { parseBlocks, segmentsOf } from './markdown';

const BODY = [
  'Intro **bold** text with [a link](https://example.org).',
  '',
  '## Heading',
  '',
  '- first item',
  '- second **item**',
  '',
  '| Tarif | Prix |',
  '|---|---|',
  '| Cantine | 3,10 € |',
].join('\n');

describe('Markdown with offsets', () => {
  it('keeps offsets into the body for every block', () => {
    const blocks = parseBlocks(BODY);
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'heading', 'list', 'table']);
    const heading = blocks[1]!;
    if (heading.kind !== 'heading') throw new Error('heading expected');
    expect(BODY.slice(heading.range.from, heading.range.to)).toBe('Heading');
    const table = blocks[3]!;
    if (table.kind !== 'table') throw new Error('table expected');
    expect(table.header.map((c) => BODY.slice(c.from, c.to))).toEqual(['Tarif', 'Prix']);
    expect(table.rows[0]!.map((c) => BODY.slice(c.from, c.to))).toEqual(['Cantine', '3,10 €']);
  });

  it('marks exactly the cited span, dropping Markdown syntax, across bold runs', () => {
    const start = BODY.indexOf('bold');
    const end = BODY.indexOf(' with');
    const blocks = parseBlocks(BODY);
    const para = blocks[0]!;
    if (para.kind !== 'paragraph') throw new Error('paragraph expected');
    const segments = segmentsOf(BODY, para.lines[0]!, { start, end });
    const marked = segments.filter((s) => s.marked).map((s) => s.text).join('');
    expect(marked).toBe('bold** text'.replace('**', ''));
    expect(segments.map((s) => s.text).join('')).toBe('Intro bold text with a link.');
    expect(segments.find((s) => s.href)?.href).toBe('https://example.org');
    expect(segments.find((s) => s.strong)?.text).toBe('bold');
  });

});
