import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No server code reaches the browser bundle: web code (`src/web/**`, `src/modules/<module>/web/**`)
 * imports nothing from the rest of `src/` but types, with `import type` (or `export type … from`),
 * from the API's schema files (`api-schemas.ts`), which the routes declare and which import only
 * zod and other pure files. So a changed field of the API breaks the web's build, and nothing of
 * the server (a Node module, a database client, a secret) can be bundled by mistake.
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(REPO, 'src');
const WEB_ALIAS = '@web/';
const NODE_BUILTINS = new Set(builtinModules);

export interface ImportSite {
  specifier: string;
  /** `import type …` or `export type … from`: erased from the bundle. */
  typeOnly: boolean;
  line: number;
}

/** Every module a source file reaches: static imports and re-exports, dynamic `import()`, `require()`. */
export function importsOf(fileName: string, text: string): ImportSite[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: ImportSite[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly ?? false, line: lineOf(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, line: lineOf(node) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly, line: lineOf(node) });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const [arg] = node.arguments;
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((isImport || isRequire) && arg && ts.isStringLiteralLike(arg)) out.push({ specifier: arg.text, typeOnly: false, line: lineOf(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ specifier: node.argument.literal.text, typeOnly: true, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The file a specifier names, or null for a package. */
export function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith(WEB_ALIAS)) base = path.join(SRC, 'web', specifier.slice(WEB_ALIAS.length));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  // Unresolved: judged by its path all the same (a server path is refused whether it exists or not).
  return `${base}.ts`;
}

/** Web code: the shell and each module's `web` folder. */
export function isWebCode(file: string): boolean {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel[0] === 'web' || (rel[0] === 'modules' && rel[2] === 'web');
}

const isSchemaFile = (file: string) => path.basename(file) === 'api-schemas.ts';

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  why: string;
}

/** What is wrong with one import of a web file, or null. */
export function webImportViolation(from: string, site: ImportSite): string | null {
  const target = resolveSpecifier(from, site.specifier);
  if (target === null) {
    const name = site.specifier.replace(/^node:/, '');
    if (site.specifier.startsWith('node:') || NODE_BUILTINS.has(name) || NODE_BUILTINS.has(name.split('/')[0]!)) {
      return 'a Node module cannot run in the browser';
    }
    return null;
  }
  if (isWebCode(target)) return null;
  if (!isSchemaFile(target)) return 'web code may import from server code only the types of an api-schemas.ts file';
  if (!site.typeOnly) return 'server schemas are imported with `import type` (or re-exported with `export type`): their code stays on the server';
  return null;
}

/**
 * What is wrong with an imported schema file and everything it imports: pure files import only
 * zod and other pure files (never Node, a database client or other server code).
 */
export function impurity(file: string, read: (file: string) => string, seen = new Set<string>()): Violation[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const out: Violation[] = [];
  for (const site of importsOf(file, read(file))) {
    const target = resolveSpecifier(file, site.specifier);
    if (target === null) {
      if (site.specifier !== 'zod') out.push({ file, line: site.line, specifier: site.specifier, why: 'a pure schema file imports no package but zod' });
      continue;
    }
    if (isWebCode(target)) {
      out.push({ file, line: site.line, specifier: site.specifier, why: 'a schema file does not depend on web code' });
      continue;
    }
    if (!/\.tsx?$/.test(target)) {
      out.push({ file, line: site.line, specifier: site.specifier, why: 'a pure schema file imports only TypeScript files' });
      continue;
    }
    out.push(...impurity(target, read, seen));
  }
  return out;
}

function webFiles(): string[] {
  const roots = [path.join(SRC, 'web'), ...fs.readdirSync(path.join(SRC, 'modules')).map((m) => path.join(SRC, 'modules', m, 'web'))];
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      // Tests and the bundler's configuration run on Node and are not bundled.
      return /\.tsx?$/.test(entry.name) && !/\.(test|config)\.tsx?$/.test(entry.name) ? [full] : [];
    });
  return roots.filter((r) => fs.existsSync(r)).flatMap(walk);
}

const readSource = (file: string) => fs.readFileSync(file, 'utf8');

describe('web code and server code', () => {
  it('web code imports from the server only types of the API schema files', () => {
    const files = webFiles();
    expect(files.length).toBeGreaterThan(20);
    const violations: Violation[] = [];
    for (const file of files) {
      for (const site of importsOf(file, readSource(file))) {
        const why = webImportViolation(file, site);
        if (why) violations.push({ file: path.relative(REPO, file), line: site.line, specifier: site.specifier, why });
      }
    }
    expect(violations).toEqual([]);
  });

  it('the schema files the web imports are pure: zod and other pure files only', () => {
    const schemas = new Set<string>();
    for (const file of webFiles()) {
      for (const site of importsOf(file, readSource(file))) {
        const target = resolveSpecifier(file, site.specifier);
        if (target && !isWebCode(target) && isSchemaFile(target)) schemas.add(target);
      }
    }
    expect(schemas.size).toBeGreaterThan(5);
    const seen = new Set<string>();
    const violations = [...schemas].flatMap((f) => impurity(f, readSource, seen)).map((v) => ({ ...v, file: path.relative(REPO, v.file) }));
    expect(violations).toEqual([]);
  });

  it('refuses server code reaching the bundle, in every form an import takes', () => {
    const page = path.join(SRC, 'modules', 'assistant', 'web', 'admin', 'Page.tsx');
    const verdicts = (text: string) => importsOf(page, text).map((site) => webImportViolation(page, site));
    // Allowed: types of a schema file, web code, packages.
    expect(verdicts("import type { Job } from '../../knowledge/api-schemas';")).toEqual([null]);
    expect(verdicts("export type { Job } from '../../knowledge/api-schemas';")).toEqual([null]);
    expect(verdicts("import { api } from '@web/api/client';\nimport { z } from 'react';\nimport { helper } from './api';")).toEqual([null, null, null]);
    // Refused: values of a schema file, anything of other server files, Node modules.
    for (const text of [
      "import { jobSchema } from '../../knowledge/api-schemas';",
      "import { type Job } from '../../knowledge/api-schemas';",
      "export { jobSchema } from '../../knowledge/api-schemas';",
      "import type { AppContext } from '../../../../platform/modules';",
      "import { recordAudit } from '../../../../platform/audit/service';",
      "export * from '../../knowledge/service';",
      "const m = await import('../../knowledge/service');",
      "const m = require('../../knowledge/service');",
      "type T = import('../../knowledge/service').Thing;",
      "import fs from 'node:fs';",
      "import { createHash } from 'crypto';",
    ]) {
      expect(verdicts(text)[0], text).not.toBeNull();
    }
  });

  it('finds a server import hidden behind a pure-looking schema file', () => {
    const files: Record<string, string> = {
      [path.join(SRC, 'modules', 'x', 'api-schemas.ts')]: "import { z } from 'zod';\nimport { helper } from './helper';",
      [path.join(SRC, 'modules', 'x', 'helper.ts')]: "import { eq } from 'drizzle-orm';\nimport { readFileSync } from 'node:fs';",
    };
    const found = impurity(path.join(SRC, 'modules', 'x', 'api-schemas.ts'), (f) => files[f] ?? '');
    expect(found.map((v) => v.specifier)).toEqual(['drizzle-orm', 'node:fs']);
  });
});
