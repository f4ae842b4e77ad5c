/** What the public sees of an act and its file: no provider error text nor model, types from the parsed format, filenames on one line. */
import { describe, expect, it } from 'vitest';
import { oneLineTitle, publicActView, servedType } from './service';
import type { ActRow } from './schema';

const row = {
  id: '00000000-0000-4000-8000-000000000001',
  sessionId: '00000000-0000-4000-8000-000000000002',
  number: '2026/001',
  kind: 'deliberation',
  title: 'Objet',
  topics: [],
  zones: [],
  outcome: 'adopted',
  votesFor: null,
  votesAgainst: null,
  votesAbstention: null,
  unanimous: false,
  publishedAt: new Date('2026-01-01T00:00:00Z'),
  textStatus: 'ok',
  filename: 'a.pdf',
  mimetype: 'text/html',
  fileSize: 10,
  fileSha256: 'ab',
  summary: {
    method: 'extractive',
    text: 'Résumé.',
    sentences: [],
    fallback: { reason: 'provider_error', detail: 'HTTP 401 from https://llm.internal: invalid key sk-…' },
    model: 'secret-model',
    decisiveFigures: [],
    check: { ok: true },
    readability: { summary: null, act: null },
    compression: 0.1,
    notice: 'Résumé automatique',
  },
} as unknown as ActRow;

describe('publicActView', () => {
  it('hides the provider’s error detail and model from the public, shows them to staff', () => {
    const pub = publicActView(row);
    expect(pub.summary!.fallback).toEqual({ reason: 'provider_error', detail: '' });
    expect(pub.summary!.model).toBeUndefined();
    const staff = publicActView(row, true);
    expect(staff.summary!.fallback!.detail).toContain('HTTP 401');
    expect(staff.summary!.model).toBe('secret-model');
  });

  it('never serves a type the uploader claimed', () => {
    expect(publicActView(row).file!.mimetype).toBe('application/octet-stream');
    expect(servedType('application/pdf')).toBe('application/pdf');
    expect(servedType('text/markdown; charset=utf-8')).toBe('text/markdown; charset=utf-8');
    expect(servedType('text/html')).toBe('application/octet-stream');
  });
});

describe('names and titles on one line', () => {
  it('normalises a fallback title (upload filenames: the platform’s multipart.test.ts)', () => {
    expect(oneLineTitle('  Budget\n primitif  ')).toBe('Budget primitif');
    expect(oneLineTitle('y'.repeat(600)).length).toBe(500);
  });
});
