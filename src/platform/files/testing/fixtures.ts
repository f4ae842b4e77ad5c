/**
 * Files built in memory for tests — honest ones and hostile ones (ZIP bombs, lying ZIP
 * directories, a PDF whose page inflates to hundreds of megabytes) — without ever holding the
 * inflated content: a bomb is written as one compressed chunk repeated.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** Real public data beside the repository (`../shared/data`), read there, never copied; tests skip what is absent. */
export const SHARED_DATA_DIR = path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared/data');
/** Council deliberations (PDF) of Montpellier. */
export const MONTPELLIER_DIR = path.join(SHARED_DATA_DIR, 'communication/montpellier-deliberations');

export interface ZipFile {
  name: string;
  /** The stored content, or a repeated chunk (see `repeated`). */
  data: Uint8Array | Repeated;
  method?: 'store' | 'deflate';
  /** The inflated size the directory declares, when it lies. */
  declaredSize?: number;
}

/** `prefix + chunk × times + suffix`, compressed chunk by chunk (never built in full). */
export interface Repeated {
  prefix: string;
  chunk: Uint8Array;
  times: number;
  suffix: string;
}

export const repeated = (prefix: string, chunk: string | Uint8Array, times: number, suffix: string): Repeated => ({
  prefix,
  chunk: typeof chunk === 'string' ? Buffer.from(chunk) : chunk,
  times,
  suffix,
});

/** Raw deflate of a (possibly repeated) content, its CRC-32 and inflated size. */
export function deflate(data: Uint8Array | Repeated): { compressed: Buffer; crc: number; size: number } {
  if (data instanceof Uint8Array) return { compressed: deflateRawSync(data), crc: crc32(data), size: data.length };
  // Sync-flushed blocks end on a byte boundary and may follow one another; the last one finishes.
  const sync = (b: Uint8Array) => deflateRawSync(b, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const head = Buffer.from(data.prefix);
  const tail = Buffer.from(data.suffix);
  const chunk = sync(data.chunk);
  const parts = [sync(head), ...Array<Buffer>(data.times).fill(chunk), deflateRawSync(tail)];
  let crc = crc32(head);
  for (let i = 0; i < data.times; i++) crc = crc32(data.chunk, crc);
  crc = crc32(tail, crc);
  return { compressed: Buffer.concat(parts), crc, size: head.length + data.chunk.length * data.times + tail.length };
}

export function makeZip(files: readonly ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const stored = f.method === 'store' && f.data instanceof Uint8Array;
    const { compressed, crc, size } = stored ? { compressed: Buffer.from(f.data as Uint8Array), crc: crc32(f.data as Uint8Array), size: (f.data as Uint8Array).length } : deflate(f.data);
    const declared = f.declaredSize ?? size;
    const header = (signature: number, length: number) => {
      const b = Buffer.alloc(length);
      b.writeUInt32LE(signature, 0);
      return b;
    };
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = header(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${s}`);
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A cell's or paragraph's text as a Word run. */
const run = (text: string) => `<w:r><w:t xml:space="preserve">${escape(text)}</w:t></w:r>`;
/** Word numbering: numId 1 is a bulleted list, numId 2 a numbered one. */
const NUMBERING = `<w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;

/**
 * A DOCX of paragraphs (a heading level, or a list: bulleted or numbered) and tables (rows of cells);
 * `document` replaces word/document.xml (a bomb), `declaredSize` makes its directory lie.
 */
export function makeDocx(
  paragraphs: ({ text: string; heading?: number; list?: 'bullet' | 'number' } | { table: string[][] })[],
  over: { document?: Repeated; declaredSize?: number; extra?: ZipFile[] } = {},
): Buffer {
  const body = paragraphs
    .map((p) => {
      if ('table' in p) return `<w:tbl>${p.table.map((row) => `<w:tr>${row.map((c) => `<w:tc><w:p>${run(c)}</w:p></w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;
      const props = p.heading
        ? `<w:pPr><w:pStyle w:val="Heading${p.heading}"/></w:pPr>`
        : p.list
          ? `<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${p.list === 'bullet' ? 1 : 2}"/></w:numPr></w:pPr>`
          : '';
      return `<w:p>${props}${run(p.text)}</w:p>`;
    })
    .join('');
  const lists = paragraphs.some((p) => 'list' in p && p.list !== undefined);
  const styles = [1, 2, 3].map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/></w:style>`).join('');
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    { name: '_rels/.rels', data: xml(`<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`) },
    {
      name: 'word/_rels/document.xml.rels',
      data: xml(
        `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/>${lists ? `<Relationship Id="rId2" Type="${REL}/numbering" Target="numbering.xml"/>` : ''}</Relationships>`,
      ),
    },
    { name: 'word/styles.xml', data: xml(`<w:styles xmlns:w="${W}">${styles}</w:styles>`) },
    // Only a document with lists has a numbering part, as Word writes it.
    ...(lists ? [{ name: 'word/numbering.xml', data: xml(NUMBERING) }] : []),
    {
      name: 'word/document.xml',
      data: over.document ?? xml(`<w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`),
      declaredSize: over.declaredSize,
    },
    ...(over.extra ?? []),
  ]);
}

/** A word/document.xml of one paragraph holding `megabytes` MiB of the letter a. */
export const docxBombDocument = (megabytes: number) =>
  repeated(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>`, Buffer.alloc(1_048_576, 'a'), megabytes, '</w:t></w:r></w:p></w:body></w:document>');

const columnName = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : columnName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

/** An XLSX of one sheet; cells are inline strings (numbers when they look like numbers). `sheet` replaces the sheet XML. */
export function makeXlsx(rows: (string | null)[][], over: { sheet?: Repeated | Uint8Array; declaredSize?: number; sheetName?: string } = {}): Buffer {
  const sheetData = rows
    .map((cells, r) => {
      const cs = cells
        .map((v, c) => {
          if (v === null) return '';
          const ref = `${columnName(c)}${r + 1}`;
          return /^-?\d+(\.\d+)?$/.test(v) ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${escape(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join('');
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    { name: '_rels/.rels', data: xml(`<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    {
      name: 'xl/workbook.xml',
      data: xml(`<workbook xmlns="${S}" xmlns:r="${REL}"><sheets><sheet name="${escape(over.sheetName ?? 'Inscrits')}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: xml(`<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: over.sheet ?? xml(`<worksheet xmlns="${S}"><sheetData>${sheetData}</sheetData></worksheet>`),
      declaredSize: over.declaredSize,
    },
  ]);
}

/** A sheet XML of `megabytes` MiB of one cell's text repeated (a bomb once inflated). */
export const xlsxBombSheet = (megabytes: number) =>
  repeated(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
    Buffer.alloc(1_048_576, 'a'),
    megabytes,
    '</t></is></c></row></sheetData></worksheet>',
  );

/**
 * A one-page PDF whose content stream is FlateDecode-compressed `content` (a `Repeated` makes a
 * page of hundreds of megabytes from a few hundred kilobytes).
 */
export function makeFlatePdf(content: Repeated): Buffer {
  const { compressed } = deflate(content);
  // A zlib stream: two header bytes, the raw deflate data, and a checksum readers skip.
  const stream = Buffer.concat([Buffer.from([0x78, 0xda]), compressed, Buffer.alloc(4)]);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk =
      body === null
        ? Buffer.concat([Buffer.from(`${i + 1} 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream\nendobj\n')])
        : Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`);
    parts.push(chunk);
    length += chunk.length;
  });
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, '0')} 00000 n \n`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A text run of `makePdf`. */
export interface PdfRun {
  text: string;
  x: number;
  y: number;
  size: number;
}

/** A PDF with one Helvetica text run per entry (WinAnsi, so French accents work); no entries → a page without text. */
export function makePdf(pages: PdfRun[][]): Buffer {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1 catalog, 2 pages, 3 font, then page/content pairs.
  let next = 4;
  const bodies: Record<number, string> = {};
  for (const runs of pages) {
    const pageId = next++;
    const contentId = next++;
    pageIds.push(pageId);
    const stream = runs
      .map((r) => `BT /F1 ${r.size} Tf ${r.x} ${r.y} Td (${escapePdf(r.text)}) Tj ET`)
      .join('\n');
    bodies[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    bodies[contentId] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  }
  bodies[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  bodies[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  bodies[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < next; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${bodies[id]}\nendobj\n`;
    objects.push(String(id));
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${next}\n0000000000 65535 f \n`;
  for (let id = 1; id < next; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${next} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function escapePdf(s: string): string {
  return s.replace(/[\\()]/g, (c) => `\\${c}`);
}
