import { describe, expect, it } from 'vitest';
import { detectContent, looksLikeHtml, zipFormat } from './detect';
import { makeDocx, makeXlsx, makeZip } from './testing/fixtures';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('content detection (magic bytes)', () => {
  it('recognises the formats by their first bytes, whatever the name', () => {
    expect(detectContent(text('%PDF-1.7\n…'))).toBe('pdf');
    expect(detectContent(text('\r\n\0junk%PDF-1.4'))).toBe('pdf');
    expect(detectContent(makeDocx([{ text: 'x' }]))).toBe('zip');
    expect(detectContent(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpeg');
    expect(detectContent(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))).toBe('png');
    expect(detectContent(text('RIFF\x24\0\0\0WEBPVP8 '))).toBe('webp');
    expect(detectContent(text('\0\0\0\x18ftypheic\0\0\0\0mif1heic'))).toBe('heic');
    expect(detectContent(text('\0\0\0\x1cftypmif1\0\0\0\0mif1heicmiaf'))).toBe('heic');
    expect(detectContent(text('\0\0\0\x1cftypisom\0\0\x02\0isomiso2mp41'))).toBe('archive');
    expect(detectContent(text('GIF89a\x01\0\x01\0'))).toBe('other-image');
    expect(detectContent(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0))).toBe('ole2');
    expect(detectContent(bytes(0x1f, 0x8b, 8, 0))).toBe('archive');
  });

  it('recognises programs and scripts, which are never accepted', () => {
    expect(detectContent(text('\x7fELF\x02\x01\x01\0'))).toBe('executable');
    const pe = new Uint8Array(256);
    pe.set(text('MZ'), 0);
    pe[0x3c] = 0x80;
    pe.set(text('PE\0\0'), 0x80);
    expect(detectContent(pe)).toBe('executable');
    expect(detectContent(text('<?php system($_GET["c"]); ?>'))).toBe('script');
    expect(detectContent(Buffer.from('\ufeff  <?PHP echo 1;'))).toBe('script');
    expect(detectContent(text('#!/bin/sh\nrm -rf /'))).toBe('script');
  });

  it('leaves text that merely starts like a format to the text decoder', () => {
    // "BM" and "MZ" open real French text; a bitmap's header has zeros, a program's a PE signature.
    expect(detectContent(text('BM Vincennes;12;rue du Midi\n'.repeat(4)))).toBe('unknown');
    expect(detectContent(text('MZ;Maputo;Mozambique\n'.repeat(5)))).toBe('unknown');
    expect(detectContent(text('# Titre\n\nTexte.'))).toBe('unknown');
  });

  it('tells Office containers apart by their directory', () => {
    expect(zipFormat(['[Content_Types].xml', '_rels/.rels', 'word/document.xml'])).toBe('docx');
    expect(zipFormat(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])).toBe('xlsx');
    expect(zipFormat(['word/document.xml'])).toBeNull();
    expect(zipFormat(['[Content_Types].xml', 'ppt/presentation.xml'])).toBeNull();
    expect(detectContent(makeXlsx([['a']]))).toBe('zip');
    expect(detectContent(makeZip([{ name: 'a.txt', data: Buffer.from('x') }]))).toBe('zip');
  });

  it('sniffs an HTML document, not a Markdown file that holds a comment or a tag', () => {
    expect(looksLikeHtml('\ufeff  <!DOCTYPE html><html>')).toBe(true);
    expect(looksLikeHtml('<html lang="fr">')).toBe(true);
    expect(looksLikeHtml('<body>')).toBe(true);
    expect(looksLikeHtml('<!-- note -->\n# Titre')).toBe(false);
    expect(looksLikeHtml('# Titre\n<div>x</div>')).toBe(false);
  });
});
