import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileUpload, readMultipart, readMultipartFiles, uploadFilename } from './multipart';
import { HttpProblem } from './problem';

const LIMIT = 64;
const BOUNDARY = '----beffroi-multipart-test';

function body(parts: ({ field: string; value: string } | { field: string; filename: string; type: string; content: string })[]): { payload: Buffer; headers: Record<string, string> } {
  const chunks = parts.map((p) =>
    'filename' in p
      ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.field}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n${p.content}\r\n`
      : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.field}"\r\n\r\n${p.value}\r\n`,
  );
  return { payload: Buffer.from(`${chunks.join('')}--${BOUNDARY}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  await app.register(multipart, { limits: { fileSize: LIMIT, files: 3, parts: 8 } });
  // Problems become their status and code, as the platform's error handler answers them.
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof HttpProblem) return reply.status(err.status).send({ code: err.code });
    return reply.status(500).send({ code: 'internal' });
  });
  app.post('/one', async (request) => {
    const { file, fields } = await readFileUpload(request, { uploadLimit: LIMIT, problemCode: 'test.fields', defaultFilename: 'values.csv' });
    return { file: file && { filename: file.filename, mimetype: file.mimetype, text: file.bytes.toString('utf8') }, fields };
  });
  app.post('/many', async (request) => {
    const { files, fields } = await readMultipart(request, { fileFields: ['comments', 'votes'], uploadLimit: LIMIT, problemCode: 'test.fields' });
    return { files: [...files.keys()], fields };
  });
  app.post('/several', async (request) => {
    const { files, fields } = await readMultipartFiles(request, {
      fileFields: ['files'],
      maxFiles: 2,
      total: { maxBytes: 80, problemCode: 'test.total' },
      uploadLimit: LIMIT,
      problemCode: 'test.fields',
      defaultFilename: 'acte',
    });
    return { files: files.map((f) => [f.field, f.filename]), fields };
  });
  app.post('/unbounded', async (request) => {
    const { files } = await readMultipartFiles(request, { fileFields: ['files'], maxFiles: Number.POSITIVE_INFINITY, uploadLimit: LIMIT, problemCode: 'test.fields' });
    return { files: files.length };
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('readMultipart', () => {
  it('reads one file and the text fields, the name and type cleaned of control characters', async () => {
    const res = await app.inject({ method: 'POST', url: '/one', ...body([{ field: 'dryRun', value: 'true' }, { field: 'file', filename: 'a\u0007.csv', type: 'text/csv', content: 'code;valeur' }]) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ file: { filename: 'a.csv', mimetype: 'text/csv', text: 'code;valeur' }, fields: { dryRun: 'true' } });
  });

  it('names a file the browser sent without a name, and gives no file when none was sent', async () => {
    const unnamed = await app.inject({ method: 'POST', url: '/one', ...body([{ field: 'file', filename: '', type: 'text/csv', content: 'x' }]) });
    expect(unnamed.json().file.filename).toBe('values.csv');
    const none = await app.inject({ method: 'POST', url: '/one', ...body([{ field: 'dryRun', value: 'true' }]) });
    expect(none.json()).toEqual({ file: null, fields: { dryRun: 'true' } });
  });

  it('refuses a file in another field, a second file in one field, a file over the limit and a body that is not multipart', async () => {
    const elsewhere = await app.inject({ method: 'POST', url: '/one', ...body([{ field: 'upload', filename: 'a.csv', type: 'text/csv', content: 'x' }]) });
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([400, 'test.fields']);
    const twice = await app.inject({
      method: 'POST',
      url: '/many',
      ...body([
        { field: 'votes', filename: 'v.csv', type: 'text/csv', content: 'x' },
        { field: 'votes', filename: 'w.csv', type: 'text/csv', content: 'y' },
      ]),
    });
    expect([twice.statusCode, twice.json().code]).toEqual([400, 'test.fields']);
    const large = await app.inject({ method: 'POST', url: '/one', ...body([{ field: 'file', filename: 'a.csv', type: 'text/csv', content: 'x'.repeat(LIMIT + 1) }]) });
    expect(large.statusCode).toBe(413);
    const json = await app.inject({ method: 'POST', url: '/one', payload: { file: 'x' } });
    expect([json.statusCode, json.json().code]).toEqual([415, 'unsupported_media_type']);
  });

  it('reads one file per accepted field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/many',
      ...body([
        { field: 'comments', filename: 'comments.csv', type: 'text/csv', content: 'x' },
        { field: 'votes', filename: 'votes.csv', type: 'text/csv', content: 'y' },
        { field: 'source', value: 'polis' },
      ]),
    });
    expect(res.json()).toEqual({ files: ['comments', 'votes'], fields: { source: 'polis' } });
  });
});

describe('more files or fields than the endpoint takes', () => {
  it("is a body of the wrong shape, not a large one: 400 with the module's code, whichever limit counted it", async () => {
    // The plugin's own limits (files 3, parts 8) stop the body before the reader's count does.
    const files = await app.inject({
      method: 'POST',
      url: '/unbounded',
      ...body(['a', 'b', 'c', 'd'].map((n) => ({ field: 'files', filename: `${n}.pdf`, type: 'application/pdf', content: n }))),
    });
    expect([files.statusCode, files.json().code]).toEqual([400, 'test.fields']);
    const fields = await app.inject({ method: 'POST', url: '/one', ...body(Array.from({ length: 9 }, (_, i) => ({ field: `f${i}`, value: 'x' }))) });
    expect([fields.statusCode, fields.json().code]).toEqual([400, 'test.fields']);
    const three = await app.inject({
      method: 'POST',
      url: '/unbounded',
      ...body(['a', 'b', 'c'].map((n) => ({ field: 'files', filename: `${n}.pdf`, type: 'application/pdf', content: n }))),
    });
    expect(three.json()).toEqual({ files: 3 });
  });
});

describe('several files in one field', () => {
  it('keeps them in the order sent, within a count and a total size', async () => {
    const two = await app.inject({
      method: 'POST',
      url: '/several',
      ...body([
        { field: 'files', filename: 'a.pdf', type: 'application/pdf', content: 'x'.repeat(40) },
        { field: 'title', value: 'Séance' },
        { field: 'files', filename: '', type: 'application/pdf', content: 'y' },
      ]),
    });
    expect(two.json()).toEqual({ files: [['files', 'a.pdf'], ['files', 'acte']], fields: { title: 'Séance' } });
    const three = await app.inject({
      method: 'POST',
      url: '/several',
      ...body(['a', 'b', 'c'].map((n) => ({ field: 'files', filename: `${n}.pdf`, type: 'application/pdf', content: n }))),
    });
    expect([three.statusCode, three.json().code]).toEqual([400, 'test.fields']);
    const heavy = await app.inject({
      method: 'POST',
      url: '/several',
      ...body(['a', 'b'].map((n) => ({ field: 'files', filename: `${n}.pdf`, type: 'application/pdf', content: n.repeat(50) }))),
    });
    expect([heavy.statusCode, heavy.json().code]).toEqual([413, 'test.total']);
  });

  it('gives file names on one line, without control characters, at most 255 characters', () => {
    expect(uploadFilename('acte\r\nn°\t1.pdf', 'acte')).toBe('acte n° 1.pdf');
    expect(uploadFilename('\u0000', 'acte')).toBe('acte');
    expect(uploadFilename('x'.repeat(300), 'acte')).toHaveLength(255);
  });
});
