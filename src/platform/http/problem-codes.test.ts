import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/index';
import { PLATFORM_PROBLEM_SOURCES, ProblemCatalogue } from './problem-messages';

/**
 * Every problem code thrown anywhere in `src/` has a French and an English message, in the
 * platform's catalogue or in a module's manifest. The sources are scanned for the ways a code is
 * thrown; a code passed as a variable must come from a place listed in DYNAMIC_CODE_SITES, whose
 * codes are scanned too, so that a new way of throwing cannot slip past this test unnoticed.
 */

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CODE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;

/** Files that pass a code they did not write, and where the codes they pass are written. */
const DYNAMIC_CODE_SITES: Record<string, string> = {
  'platform/http/problem.ts': 'the helpers’ callers (`badRequest(…)`, `conflict(…)`, `unprocessable(…)`, scanned)',
  'modules/assistant/knowledge/routes.ts': 'an IngestionError’s code (`new IngestionError(…)`, scanned)',
  'modules/assistant/handoff/service.ts': 'assigneeProblem(…)’s code (scanned)',
  'platform/net/outbound.ts': 'OutboundError’s code (`new OutboundError(…)` and the CODE_TYPES unions, scanned)',
  'platform/files/refusal.ts': 'FileRefusal’s reason (`new FileRefusal(…)`, scanned)',
  'platform/http/multipart.ts': 'the readers’ callers (`problemCode: …`, scanned)',
  'modules/assistant/knowledge/parsers/index.ts': 'a FileRefusal’s code, kept by the ingestion job’s IngestionError (`new FileRefusal(…)`, scanned)',
};

/** Types whose literal members are problem codes, thrown through a variable (`new OutboundError(verdict.code, …)`). */
const CODE_TYPES = ['OutboundErrorCode', 'OutboundRefusalCode'];

/**
 * How the first argument of each error class that carries a problem code names that code: the
 * subclasses of HttpProblem, and errors a route answers with their code (IngestionError). A new
 * subclass must be added here.
 */
const CODE_FROM_FIRST_ARGUMENT: Record<string, (arg: string) => string> = {
  OutboundError: (code) => code,
  IngestionError: (code) => code,
  FileRefusal: (reason) => `file.${reason}`,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['web', 'widget', 'node_modules'].includes(entry.name) ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The arguments of the call whose `(` is at `open`, as source text, split at top-level commas. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      // Skip the string (template literals' expressions are not searched for nested calls).
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return args;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

function literal(arg: string | undefined): string | null {
  const m = arg ? /^(['"])([^'"]*)\1$/.exec(arg) : null;
  return m ? m[2]! : null;
}

interface Scan {
  codes: Map<string, string>;
  dynamic: Map<string, string[]>;
  /** Subclasses of HttpProblem missing from CODE_FROM_FIRST_ARGUMENT. */
  unmapped: string[];
}

function scan(): Scan {
  const files = sourceFiles(SRC).map((file) => ({ file: path.relative(SRC, file).split(path.sep).join('/'), text: fs.readFileSync(file, 'utf8') }));
  const problemClasses = new Set(['HttpProblem']);
  for (const { text } of files) for (const m of text.matchAll(/class\s+(\w+)\s+extends\s+HttpProblem\b/g)) problemClasses.add(m[1]!);

  const unmapped = [...problemClasses].filter((c) => c !== 'HttpProblem' && !(c in CODE_FROM_FIRST_ARGUMENT));
  // Callee → index of its code argument, and how that argument names the code.
  const same = (code: string) => code;
  const callees: [RegExp, number, (arg: string) => string][] = [
    [/\bnew\s+HttpProblem\s*\(/g, 1, same],
    [/\b(?:badRequest|conflict|unprocessable)\s*\(/g, 0, same],
    ...Object.entries(CODE_FROM_FIRST_ARGUMENT).map(([cls, code]): [RegExp, number, (arg: string) => string] => [new RegExp(`\\bnew\\s+${cls}\\s*\\(`, 'g'), 0, code]),
  ];
  const codes = new Map<string, string>();
  const dynamic = new Map<string, string[]>();
  for (const { file, text } of files) {
    const extendsProblem = /class\s+\w+\s+extends\s+HttpProblem\b/.test(text);
    const patterns = extendsProblem ? [...callees, [/\bsuper\s*\(/g, 1, same] as const] : callees;
    for (const [pattern, index, codeOf] of patterns) {
      for (const m of text.matchAll(pattern)) {
        const arg = callArguments(text, m.index + m[0].length - 1)[index];
        const value = literal(arg);
        if (value !== null) codes.set(codeOf(value), file);
        else dynamic.set(file, [...(dynamic.get(file) ?? []), `${m[0]}${arg ?? ''}`]);
      }
    }
    // Local helpers named …Problem take the code first, when they take one.
    for (const m of text.matchAll(/\b[a-z]\w*Problem\s*\(/g)) {
      const code = literal(callArguments(text, m.index + m[0].length - 1)[0]);
      if (code !== null && CODE.test(code)) codes.set(code, file);
    }
    // Codes given to the platform's multipart reader, which throws them: `readMultipart(request, { problemCode: 'x.y' })`.
    for (const m of text.matchAll(/\bproblemCode:\s*(['"])([^'"]+)\1/g)) if (CODE.test(m[2]!)) codes.set(m[2]!, file);
    // Codes typed as unions of literals: `type OutboundErrorCode = 'outbound.timeout' | …`.
    for (const m of text.matchAll(/type\s+(\w+)\s*=\s*([^;]+);/g)) {
      if (!CODE_TYPES.includes(m[1]!)) continue;
      for (const c of m[2]!.matchAll(/'([^']+)'/g)) if (CODE.test(c[1]!)) codes.set(c[1]!, file);
    }
  }
  return { codes, dynamic, unmapped };
}

describe('problem messages', () => {
  const catalogue = new ProblemCatalogue([
    ...PLATFORM_PROBLEM_SOURCES,
    ...MODULES.filter((m) => m.problemMessages).map((m) => ({ source: m.name, messages: m.problemMessages! })),
  ]);
  const { codes, dynamic, unmapped } = scan();

  it('finds the codes thrown in the sources', () => {
    expect(codes.size).toBeGreaterThan(50);
    for (const code of ['validation_failed', 'auth.required', 'auth.invalid_credentials', 'knowledge.pdf_needs_ocr', 'assistant.unknown_assignee']) {
      expect(codes.has(code), code).toBe(true);
    }
  });

  it('have a French and an English message for every code thrown anywhere in src/', () => {
    const missing = [...codes].filter(([code]) => !catalogue.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing, 'add these to the platform catalogue or to the module manifest’s problemMessages').toEqual([]);
    for (const code of codes.keys()) {
      expect(catalogue.message(code, 'fr', new Proxy({}, { get: () => 1 }))?.length, code).toBeGreaterThan(0);
      expect(catalogue.message(code, 'en', new Proxy({}, { get: () => 1 }))?.length, code).toBeGreaterThan(0);
    }
  });

  it('know how every subclass of HttpProblem names its code', () => {
    expect(unmapped, 'add these classes to CODE_FROM_FIRST_ARGUMENT').toEqual([]);
  });

  it('know where every code passed as a variable comes from', () => {
    const unexplained = [...dynamic].filter(([file]) => !(file in DYNAMIC_CODE_SITES));
    expect(unexplained, 'throw a literal code, or list the file in DYNAMIC_CODE_SITES with the place its codes are written (and scanned)').toEqual([]);
  });

  it('refuse a code declared twice, a missing language, or placeholders that differ', () => {
    expect(() => new ProblemCatalogue([{ source: 'a', messages: { x: { fr: 'x', en: 'x' } } }, { source: 'b', messages: { x: { fr: 'y', en: 'y' } } }])).toThrow(/both a and b/);
    expect(() => new ProblemCatalogue([{ source: 'a', messages: { x: { fr: 'x', en: '' } } }])).toThrow(/no en message/);
    expect(() => new ProblemCatalogue([{ source: 'a', messages: { x: { fr: 'dans {s} s', en: 'in {seconds} s' } } }])).toThrow(/placeholders/);
  });
});
