/**
 * Untrusted uploads to the knowledge base: every file is parsed on a parsing thread, within
 * limits, before anything is stored; hostile files are refused with problem details while the
 * server keeps answering.
 */
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { docxBombDocument, makeDocx, makeFlatePdf, makeXlsx, MONTPELLIER_DIR, repeated } from '../../../platform/files/testing/fixtures';
import { jobs } from '../../../platform/jobs/schema';
import { assistantDocuments, assistantDocumentVersions, assistantUploads } from './schema';
import { createKnowledgeTestApp } from './testing/app';

let beffroi: BeffroiApp;
let baseUrl: string;

beforeAll(async () => {
  // A parsing thread may hold 256 MiB of heap and, separately, 256 MiB of buffers.
  beffroi = await createKnowledgeTestApp({ env: { BEFFROI_FILE_PARSE_MEMORY_MB: '256' } });
  baseUrl = await beffroi.app.listen({ host: '127.0.0.1', port: 0 });
  // A first parse starts a parsing thread (an isolate, its parsers): a fixed cost, kept out of the memory measured below.
  await beffroi.ctx.files.parse(makeDocx([{ text: 'Échauffement' }]), { accept: ['docx'] });
});
afterAll(async () => {
  await beffroi?.close();
});

const db = () => beffroi.ctx.db;

/** A real multipart upload over HTTP, as the back-office sends it. */
async function upload(name: string, type: string, data: Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(data)], { type }), name);
  const res = await fetch(`${baseUrl}/api/admin/assistant/documents/upload`, { method: 'POST', body: form, headers: { 'x-test-role': 'agent' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function stored() {
  const [uploads] = await db().select({ n: count() }).from(assistantUploads);
  const [queued] = await db().select({ n: count() }).from(jobs).where(eq(jobs.kind, 'assistant.ingest_file'));
  return { uploads: Number(uploads!.n), jobs: Number(queued!.n) };
}

/** Samples resident memory and how late a 10 ms timer of the server's thread runs while `work` runs. */
async function watch<T>(work: () => Promise<T>) {
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
    return { value: await work(), peakGrowthMb: (peak - start) / 1_048_576, longestStallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('hostile uploads', () => {
  it('refuses a DOCX of ~200 KB that inflates to 200 MB with 413, storing nothing, in bounded memory', async () => {
    const before = await stored();
    const bomb = makeDocx([], { document: docxBombDocument(200) });
    expect(bomb.length).toBeLessThan(250_000);
    const { value: res, peakGrowthMb } = await watch(() => upload('rapport.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bomb));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'file.decompressed_too_large' });
    // The old ingestion inflated the whole body on the server's thread: a gigabyte for this file.
    expect(peakGrowthMb).toBeLessThan(150);
    await beffroi.ctx.jobs.drain();
    expect(await stored()).toEqual(before);
  });

  it('refuses the same bomb behind a ZIP directory that lies about its size', async () => {
    const liar = makeDocx([], { document: docxBombDocument(200), declaredSize: 20_000 });
    const { value: res, peakGrowthMb } = await watch(() => upload('rapport.docx', 'application/octet-stream', liar));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('file.decompressed_too_large');
    expect(peakGrowthMb).toBeLessThan(150);
  });

  it('refuses a PHP script named .docx or .pdf as an unsupported type (422)', async () => {
    const before = await stored();
    const php = Buffer.from('<?php system($_GET["cmd"]); ?>\n');
    for (const [name, type] of [
      ['rapport.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['deliberation.pdf', 'application/pdf'],
    ]) {
      const res = await upload(name!, type!, php);
      expect(res.status, name).toBe(422);
      expect(res.body, name).toMatchObject({ code: 'file.unsupported_type', status: 422 });
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a spreadsheet, which the knowledge base does not take, whatever its name', async () => {
    const res = await upload('tarifs.md', 'text/markdown', makeXlsx([['Tarif', '3']]));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('file.unsupported_type');
  });

  it('keeps answering /healthz while a PDF bomb (a page of 600 MB once inflated) is parsed, then refuses it', async () => {
    const bomb = makeFlatePdf(repeated('BT ', Buffer.alloc(1_048_576, 0x20), 600, ' ET'));
    expect(bomb.length).toBeLessThan(1_000_000);
    let parsing = true;
    const health: number[] = [];
    const probe = (async () => {
      while (parsing) {
        const started = performance.now();
        const res = await fetch(`${baseUrl}/healthz`);
        expect(res.status).toBe(200);
        health.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const { value: res, peakGrowthMb } = await watch(async () => {
      try {
        const r = await upload('budget.pdf', 'application/pdf', bomb);
        // Had it been accepted, its ingestion job would parse it: run that too, under the same watch.
        await beffroi.ctx.jobs.drain();
        return r;
      } finally {
        parsing = false;
      }
    });
    await probe;
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'file.parse_memory' });
    expect(health.length).toBeGreaterThan(3);
    expect(Math.max(...health)).toBeLessThan(1_000);
    // Before, the bomb was inflated on the server's thread: gigabytes, and seconds without an answer.
    expect(peakGrowthMb).toBeLessThan(2 * 256 + 200);
  });
});

describe('ordinary uploads, parsed on the parsing thread', () => {
  const pdfs = fs.existsSync(MONTPELLIER_DIR) ? fs.readdirSync(MONTPELLIER_DIR).filter((f) => f.endsWith('.pdf')).sort() : [];

  it.skipIf(pdfs.length === 0)('ingests a real council deliberation of Montpellier', async () => {
    const file = pdfs[0]!;
    const res = await upload(file, 'application/pdf', fs.readFileSync(path.join(MONTPELLIER_DIR, file)), { type: 'council_decision' });
    expect(res.status).toBe(202);
    await beffroi.ctx.jobs.drain();
    const [job] = await db().select().from(jobs).where(eq(jobs.id, res.body.jobId as number));
    expect(job!.status).toBe('succeeded');
    const documentId = (job!.result as { documentId: string }).documentId;
    const [doc] = await db().select().from(assistantDocuments).where(eq(assistantDocuments.id, documentId));
    const [version] = await db().select().from(assistantDocumentVersions).where(eq(assistantDocumentVersions.id, doc!.currentVersionId!));
    expect(version).toMatchObject({ sourceFormat: 'pdf', originalFilename: file });
    expect(version!.body).toMatch(/Conseil Municipal/i);
  });

  it('says at once that a scanned PDF needs OCR, storing nothing', async () => {
    const before = await stored();
    const { makePdf } = await import('../../../platform/files/testing/fixtures');
    const res = await upload('scan.pdf', 'application/pdf', makePdf([[]]));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('knowledge.pdf_needs_ocr');
    expect(await stored()).toEqual(before);
  });
});
