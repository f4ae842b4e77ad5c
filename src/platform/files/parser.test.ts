/**
 * Parsing on threads: hostile files refused within their limits while this thread (the HTTP
 * server's, in the application) stays responsive and its process's memory bounded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENT_FORMATS, type FileFormat } from './formats';
import { createFileParser, type FileParser } from './parser';
import { FileRefusal } from './refusal';
import { docxBombDocument, makeDocx, makeFlatePdf, makeXlsx, MONTPELLIER_DIR, repeated, xlsxBombSheet } from './testing/fixtures';

const DOCUMENTS: FileFormat[] = [...DOCUMENT_FORMATS];
const STUCK_THREAD = fileURLToPath(new URL('./testing/stuck-thread.mjs', import.meta.url));
const parsers: FileParser[] = [];
const parser = (...args: Parameters<typeof createFileParser>) => {
  const p = createFileParser(...args);
  parsers.push(p);
  return p;
};
afterAll(() => Promise.all(parsers.map((p) => p.close())));

const refusalOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof FileRefusal) return { status: err.status, code: err.code };
    throw err;
  }
  return null;
};

/**
 * Runs `work` while sampling this process's resident memory and this thread's event loop: the
 * peak growth of memory, and the longest the loop went without running a 10 ms timer.
 */
async function watch<T>(work: () => Promise<T>): Promise<{ value: T; peakGrowthMb: number; longestStallMs: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  let last = performance.now();
  let longestStallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestStallMs = Math.max(longestStallMs, now - last - 10);
    last = now;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    const value = await work();
    return { value, peakGrowthMb: (peak - start) / 1_048_576, longestStallMs };
  } finally {
    clearInterval(timer);
  }
}

// Threads start slowly when the machine is busy (each loads its parsers through tsx in tests).
const SLOW = { timeout: 60_000 };

describe('decompression bombs, refused before they inflate', SLOW, () => {
  const files = parser();

  it('a DOCX of ~200 KB that inflates to 200 MB: 413, and the memory stays put', async () => {
    const bomb = makeDocx([], { document: docxBombDocument(200) });
    expect(bomb.length).toBeLessThan(250_000);
    const { value, peakGrowthMb } = await watch(() => refusalOf(files.parse(bomb, { accept: DOCUMENTS, filename: 'rapport.docx' })));
    expect(value).toEqual({ status: 413, code: 'file.decompressed_too_large' });
    expect(peakGrowthMb).toBeLessThan(100);
  });

  it('the same DOCX with a lying directory (it declares 20 KB): refused as soon as it inflates past that', async () => {
    const liar = makeDocx([], { document: docxBombDocument(200), declaredSize: 20_000 });
    const { value, peakGrowthMb } = await watch(() => refusalOf(files.parse(liar, { accept: DOCUMENTS, filename: 'rapport.docx' })));
    expect(value).toEqual({ status: 413, code: 'file.decompressed_too_large' });
    expect(peakGrowthMb).toBeLessThan(100);
  });

  it('an XLSX bomb, honest or lying: 413 the same way', async () => {
    const honest = makeXlsx([], { sheet: xlsxBombSheet(200) });
    const liar = makeXlsx([], { sheet: xlsxBombSheet(200), declaredSize: 30_000 });
    for (const bomb of [honest, liar]) {
      expect(bomb.length).toBeLessThan(250_000);
      const { value, peakGrowthMb } = await watch(() => refusalOf(files.parse(bomb, { accept: ['xlsx', 'csv'], filename: 'inscrits.xlsx' })));
      expect(value).toEqual({ status: 413, code: 'file.decompressed_too_large' });
      expect(peakGrowthMb).toBeLessThan(100);
    }
    // Under a looser size cap, the ratio gives it away.
    expect(await refusalOf(files.parse(honest, { accept: ['xlsx'], limits: { maxDecompressedBytes: 1e9 } }))).toEqual({ status: 413, code: 'file.compression_too_high' });
  });
});

describe('time and memory limits of the parsing thread', SLOW, () => {
  it('a PDF whose page inflates to 600 MB inside pdfjs is stopped at the memory limit; this thread never stalls', async () => {
    const files = parser({ limits: { memoryMb: 128 } });
    const bomb = makeFlatePdf(repeated('BT ', Buffer.alloc(1_048_576, 0x20), 600, ' ET'));
    expect(bomb.length).toBeLessThan(1_000_000);
    const { value, peakGrowthMb, longestStallMs } = await watch(() => refusalOf(files.parse(bomb, { accept: DOCUMENTS })));
    expect(value).toEqual({ status: 422, code: 'file.parse_memory' });
    // The thread's budget, plus the polling's overshoot and the thread itself.
    expect(peakGrowthMb).toBeLessThan(128 + 200);
    expect(longestStallMs).toBeLessThan(250);
    expect(files.threads).toBe(0);
  });

  it('the same PDF under a short time limit is stopped at that limit', async () => {
    const files = parser({ limits: { memoryMb: 2048, timeoutMs: 400 } });
    const bomb = makeFlatePdf(repeated('BT ', Buffer.alloc(1_048_576, 0x20), 600, ' ET'));
    const started = performance.now();
    expect(await refusalOf(files.parse(bomb, { accept: DOCUMENTS }))).toEqual({ status: 422, code: 'file.parse_timeout' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a parser that hangs is terminated at the time limit', async () => {
    const files = parser({ threadFile: STUCK_THREAD, limits: { timeoutMs: 300 } });
    const { value, longestStallMs } = await watch(() => refusalOf(files.parse(Buffer.from('x'), { accept: DOCUMENTS, filename: 'spin' })));
    expect(value).toEqual({ status: 422, code: 'file.parse_timeout' });
    expect(longestStallMs).toBeLessThan(250);
    expect(files.threads).toBe(0);
  });

  it('a parser that fills buffers outside the JavaScript heap is terminated at the memory limit', async () => {
    const files = parser({ threadFile: STUCK_THREAD, limits: { memoryMb: 64, timeoutMs: 20_000 } });
    const { value, peakGrowthMb } = await watch(() => refusalOf(files.parse(Buffer.from('x'), { accept: DOCUMENTS, filename: 'hoard' })));
    expect(value).toEqual({ status: 422, code: 'file.parse_memory' });
    expect(peakGrowthMb).toBeLessThan(64 + 150);
  });

  it("a document whose parse outgrows the thread's JavaScript heap is stopped by V8's limit", async () => {
    const files = parser({ limits: { memoryMb: 48, maxCompressionRatio: 100_000 } });
    const paragraphs = repeated(
      '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
      '<w:p><w:r><w:t>Le conseil municipal délibère.</w:t></w:r></w:p>'.repeat(1000),
      800,
      '</w:body></w:document>',
    );
    expect(await refusalOf(files.parse(makeDocx([], { document: paragraphs }), { accept: DOCUMENTS }))).toEqual({ status: 422, code: 'file.parse_memory' });
  });

  it('past the waiting line, a parse is refused as busy (503) rather than queued', async () => {
    const files = parser({ threadFile: STUCK_THREAD, concurrency: 1, maxQueue: 0, limits: { timeoutMs: 500 } });
    const first = refusalOf(files.parse(Buffer.from('x'), { accept: DOCUMENTS, filename: 'spin' }));
    expect(await refusalOf(files.parse(Buffer.from('y'), { accept: DOCUMENTS }))).toEqual({ status: 503, code: 'file.parser_busy' });
    expect(await first).toMatchObject({ code: 'file.parse_timeout' });
  });
});

describe('ordinary files', SLOW, () => {
  const pdfs = fs.existsSync(MONTPELLIER_DIR) ? fs.readdirSync(MONTPELLIER_DIR).filter((f) => f.endsWith('.pdf')).sort() : [];

  it.skipIf(pdfs.length === 0)('real deliberations of Montpellier parse on one reused thread', async () => {
    const files = parser({ concurrency: 1 });
    for (const f of pdfs.slice(0, 3)) {
      const r = await files.parse(fs.readFileSync(path.join(MONTPELLIER_DIR, f)), { accept: DOCUMENTS, filename: f });
      expect(r).toMatchObject({ kind: 'document', format: 'pdf' });
      expect((r as { text: string }).text).toMatch(/Conseil Municipal/i);
    }
    expect(files.threads).toBe(1);
  });

  it('a refusal found by a parser keeps its code and extensions across the thread', async () => {
    const files = parser();
    const csv = Buffer.from('a;b\n1;"jamais fermé\n2;3\n');
    const err = await files.parse(csv, { accept: ['csv'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRefusal);
    expect((err as FileRefusal).toBody()).toMatchObject({ status: 422, code: 'file.unreadable', line: 2 });
  });
});
