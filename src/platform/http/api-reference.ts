import type { Language } from './language';

/**
 * The API reference page (`/api/docs`): plain HTML written on the server from the OpenAPI
 * document, under the product's own rules — no script (the CSP allows none inline), its own small
 * style sheet, landmarks and a heading per operation, lists rather than wide tables so that it
 * reads on a phone, French or English headings. The summaries and descriptions come from the
 * routes, in English, and are marked so.
 */

/** The parts of an OpenAPI 3.1 document the page reads. */
export interface OpenApiDocument {
  info?: { title?: string; version?: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, OpenApiOperation | unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  'x-permission'?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
} & Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** What @fastify/swagger writes for a response nobody described: says nothing. */
const DEFAULT_RESPONSE = 'Default Response';
const fr = (n: number) => n.toLocaleString('fr-FR');
const en = (n: number) => n.toLocaleString('en-GB');

const WORDS = {
  fr: {
    title: 'Référence de l’API',
    skip: 'Aller au contenu',
    languageNav: 'Langue',
    otherLanguage: { code: 'en', label: 'English' },
    contents: 'Sommaire',
    intro: (version: string) => `Version ${version}. Chaque point d’accès de Beffroi, ses paramètres, le corps qu’il attend et ses réponses.`,
    machine: 'Le même document au format OpenAPI 3.1 (JSON)',
    conventionsTitle: 'Conventions',
    conventions: [
      'Les corps sont en JSON, encodé en UTF-8 ; un champ inconnu est refusé.',
      'Les erreurs suivent la RFC 9457 (<code>application/problem+json</code>) : un <code>code</code> stable, et pour chaque champ en cause un pointeur JSON (<code>errors[].pointer</code>).',
      'Les messages d’erreur sont en français, ou en anglais si l’en-tête <code>Accept-Language</code> le préfère.',
      'Les points d’accès des agents demandent le cookie de session ; leurs écritures demandent aussi l’en-tête <code>x-csrf-token</code> reçu à la connexion.',
    ],
    public: 'Public',
    staff: 'Agents connectés',
    permission: 'permission',
    parameters: 'Paramètres',
    body: 'Corps de la requête',
    responses: 'Réponses',
    schema: 'Structure',
    required: 'obligatoire',
    optional: 'facultatif',
    nullable: 'ou null',
    in: { path: 'chemin', query: 'requête', header: 'en-tête', cookie: 'cookie' } as Record<string, string>,
    types: { string: 'texte', integer: 'entier', number: 'nombre', boolean: 'booléen', object: 'objet', array: 'liste', null: 'null' } as Record<string, string>,
    listOf: (t: string) => `liste de ${t}`,
    or: ' ou ',
    anyValue: 'valeur quelconque',
    maxLength: (n: number) => `${fr(n)} caractère${n > 1 ? 's' : ''} au plus`,
    minLength: (n: number) => `${fr(n)} caractère${n > 1 ? 's' : ''} au moins`,
    minimum: (n: number) => `minimum ${fr(n)}`,
    maximum: (n: number) => `maximum ${fr(n)}`,
    maxItems: (n: number) => `${fr(n)} élément${n > 1 ? 's' : ''} au plus`,
    minItems: (n: number) => `${fr(n)} élément${n > 1 ? 's' : ''} au moins`,
    format: 'format',
    pattern: 'motif',
    values: 'valeurs',
    defaultValue: 'par défaut',
    untagged: 'Autres',
    access: 'Accès',
    colon: '\u00a0: ',
  },
  en: {
    title: 'API reference',
    skip: 'Skip to content',
    languageNav: 'Language',
    otherLanguage: { code: 'fr', label: 'Français' },
    contents: 'Contents',
    intro: (version: string) => `Version ${version}. Every Beffroi endpoint, its parameters, the body it expects and its responses.`,
    machine: 'The same document as OpenAPI 3.1 (JSON)',
    conventionsTitle: 'Conventions',
    conventions: [
      'Bodies are JSON, encoded in UTF-8; an unknown field is refused.',
      'Errors follow RFC 9457 (<code>application/problem+json</code>): a stable <code>code</code>, and for each field at fault a JSON pointer (<code>errors[].pointer</code>).',
      'Error messages are in French, or in English when the <code>Accept-Language</code> header prefers it.',
      'Staff endpoints need the session cookie; their writes also need the <code>x-csrf-token</code> header returned at login.',
    ],
    public: 'Public',
    staff: 'Signed-in staff',
    permission: 'permission',
    parameters: 'Parameters',
    body: 'Request body',
    responses: 'Responses',
    schema: 'Structure',
    required: 'required',
    optional: 'optional',
    nullable: 'or null',
    in: { path: 'path', query: 'query', header: 'header', cookie: 'cookie' } as Record<string, string>,
    types: { string: 'text', integer: 'integer', number: 'number', boolean: 'boolean', object: 'object', array: 'list', null: 'null' } as Record<string, string>,
    listOf: (t: string) => `list of ${t}`,
    or: ' or ',
    anyValue: 'any value',
    maxLength: (n: number) => `at most ${en(n)} character${n > 1 ? 's' : ''}`,
    minLength: (n: number) => `at least ${en(n)} character${n > 1 ? 's' : ''}`,
    minimum: (n: number) => `minimum ${en(n)}`,
    maximum: (n: number) => `maximum ${en(n)}`,
    maxItems: (n: number) => `at most ${en(n)} item${n > 1 ? 's' : ''}`,
    minItems: (n: number) => `at least ${en(n)} item${n > 1 ? 's' : ''}`,
    format: 'format',
    pattern: 'pattern',
    values: 'values',
    defaultValue: 'default',
    untagged: 'Other',
    access: 'Access',
    colon: ': ',
  },
} satisfies Record<Language, unknown>;

type Words = (typeof WORDS)[Language];

export interface ReferenceLinks {
  /** The page itself (for the language switch). */
  page: string;
  stylesheet: string;
  openApiJson: string;
}

/** The whole page. Pure. */
export function renderApiReference(doc: OpenApiDocument, language: Language, links: ReferenceLinks): string {
  const w = WORDS[language];
  const operations = collectOperations(doc);
  const tags = groupByTag(doc, operations, w);
  const other = w.otherLanguage;
  // Text written by the routes' authors, in English: marked so that a screen reader reads it as such.
  const authored = language === 'en' ? '' : ' lang="en"';
  const version = doc.info?.version ?? '';

  const toc = tags
    .map(
      (t) =>
        `<li><a href="#${t.id}">${esc(t.name)}</a><ul>${t.operations
          .map((o) => `<li><a href="#${o.id}"><span class="method">${o.method.toUpperCase()}</span> <code>${breakable(o.path)}</code></a></li>`)
          .join('')}</ul></li>`,
    )
    .join('');

  const sections = tags
    .map(
      (t) => `<section class="tag" aria-labelledby="${t.id}">
<h2 id="${t.id}">${esc(t.name)}</h2>
${t.description ? `<p${authored}>${esc(t.description)}</p>` : ''}
${t.operations.map((o) => renderOperation(o, doc, w, authored)).join('\n')}
</section>`,
    )
    .join('\n');

  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(w.title)} — Beffroi</title>
<link rel="stylesheet" href="${esc(links.stylesheet)}">
</head>
<body>
<a class="skip-link" href="#main">${esc(w.skip)}</a>
<header class="banner">
<p class="brand">Beffroi</p>
<nav aria-label="${esc(w.languageNav)}"><a href="${esc(links.page)}?lang=${other.code}" lang="${other.code}" hreflang="${other.code}">${esc(other.label)}</a></nav>
</header>
<div class="layout">
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">${esc(w.contents)}</h2>
<ul>${toc}</ul>
</nav>
<main id="main" tabindex="-1">
<h1>${esc(w.title)}</h1>
<p>${esc(w.intro(version))}</p>
<p><a href="${esc(links.openApiJson)}">${esc(w.machine)}</a></p>
<h2>${esc(w.conventionsTitle)}</h2>
<ul>${w.conventions.map((c) => `<li>${c}</li>`).join('')}</ul>
${sections}
</main>
</div>
</body>
</html>
`;
}

interface Operation {
  id: string;
  method: string;
  path: string;
  op: OpenApiOperation;
}

function collectOperations(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const method of METHODS) {
      const op = item[method] as OpenApiOperation | undefined;
      if (!op) continue;
      out.push({ id: `op-${method}-${slug(path)}`, method, path, op });
    }
  }
  return out;
}

function groupByTag(doc: OpenApiDocument, operations: Operation[], w: Words) {
  const descriptions = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
  const groups = new Map<string, Operation[]>();
  for (const o of operations) {
    const tag = o.op.tags?.[0] ?? w.untagged;
    groups.set(tag, [...(groups.get(tag) ?? []), o]);
  }
  return [...groups.entries()].map(([name, ops]) => ({ id: `tag-${slug(name)}`, name, description: descriptions.get(name), operations: ops }));
}

function renderOperation(o: Operation, doc: OpenApiDocument, w: Words, authored: string): string {
  const { op } = o;
  const staff = (op.security ?? []).some((s) => 'session' in s);
  const access = staff ? `${w.staff}${op['x-permission'] ? ` (${w.permission} <code>${esc(op['x-permission'])}</code>)` : ''}` : w.public;
  const parts: string[] = [];
  parts.push(`<h3 id="${o.id}"><span class="method method-${o.method}">${o.method.toUpperCase()}</span> <code>${breakable(o.path)}</code></h3>`);
  if (op.summary) parts.push(`<p${authored}>${esc(op.summary)}</p>`);
  if (op.description && op.description !== op.summary) parts.push(`<p${authored}>${esc(op.description)}</p>`);
  parts.push(`<p class="access"><strong>${esc(w.access)}</strong>${w.colon}${access}</p>`);

  const params = op.parameters ?? [];
  if (params.length) {
    parts.push(`<h4>${esc(w.parameters)}</h4><ul class="fields">${params
      .map((p) =>
        fieldItem(p.name, p.schema ?? {}, p.required ?? false, doc, w, authored, 0, `${w.in[p.in] ?? p.in}`, p.description),
      )
      .join('')}</ul>`);
  }

  const body = op.requestBody?.content;
  if (body) {
    parts.push(`<h4>${esc(w.body)}</h4>`);
    for (const [type, media] of Object.entries(body)) {
      parts.push(`<p><code>${esc(type)}</code></p>${media.schema ? schemaBlock(media.schema, doc, w, authored) : ''}`);
    }
  }

  const responses = Object.entries(op.responses ?? {});
  if (responses.length) {
    parts.push(`<h4>${esc(w.responses)}</h4><dl class="responses">${responses
      .map(([status, r]) => {
        const content = Object.entries(r.content ?? {});
        const schemas = content.map(([type, media]) => `<p><code>${esc(type)}</code></p>${media.schema ? schemaBlock(media.schema, doc, w, authored) : ''}`).join('');
        const description = r.description && r.description !== DEFAULT_RESPONSE ? `<span${authored}>${esc(r.description)}</span>` : '';
        return `<dt>${esc(status)}</dt><dd>${description}${schemas}</dd>`;
      })
      .join('')}</dl>`);
  }
  return `<section class="operation" aria-labelledby="${o.id}">\n${parts.join('\n')}\n</section>`;
}

const MAX_DEPTH = 6;

/** A schema's fields as a nested list; a scalar as one line. */
function schemaBlock(schema: JsonSchema, doc: OpenApiDocument, w: Words, authored: string, depth = 0): string {
  const s = resolve(schema, doc);
  const object = objectSchema(s, doc);
  if (object?.properties && Object.keys(object.properties).length) {
    return `<details><summary>${esc(w.schema)} (${esc(typeLabel(s, doc, w))})</summary>${fieldsList(object, doc, w, authored, depth)}</details>`;
  }
  const items = arrayItems(s, doc);
  const itemObject = items ? objectSchema(items, doc) : null;
  if (itemObject?.properties && Object.keys(itemObject.properties).length) {
    return `<details><summary>${esc(w.schema)} (${esc(typeLabel(s, doc, w))})</summary>${fieldsList(itemObject, doc, w, authored, depth)}</details>`;
  }
  return `<p>${esc(typeLabel(s, doc, w))}${constraints(s, doc, w)}</p>`;
}

function fieldsList(object: JsonSchema, doc: OpenApiDocument, w: Words, authored: string, depth: number): string {
  const required = new Set(object.required ?? []);
  return `<ul class="fields">${Object.entries(object.properties ?? {})
    .map(([name, prop]) => fieldItem(name, prop, required.has(name), doc, w, authored, depth))
    .join('')}</ul>`;
}

function fieldItem(
  name: string,
  schema: JsonSchema,
  required: boolean,
  doc: OpenApiDocument,
  w: Words,
  authored: string,
  depth: number,
  where?: string,
  description?: string,
): string {
  const s = resolve(schema, doc);
  const text = description ?? s.description ?? schema.description;
  const head = [
    `<code class="name">${esc(name)}</code>`,
    `<span class="type">${esc(typeLabel(s, doc, w))}</span>`,
    where ? `<span class="where">${esc(where)}</span>` : '',
    `<span class="${required ? 'required' : 'optional'}">${esc(required ? w.required : w.optional)}</span>`,
  ]
    .filter(Boolean)
    .join(' ');
  let nested = '';
  if (depth < MAX_DEPTH) {
    const object = objectSchema(s, doc) ?? objectSchema(arrayItems(s, doc) ?? {}, doc);
    if (object?.properties && Object.keys(object.properties).length) nested = fieldsList(object, doc, w, authored, depth + 1);
  }
  return `<li>${head}${constraints(s, doc, w)}${text ? ` <span class="description"${authored}>${esc(text)}</span>` : ''}${nested}</li>`;
}

function constraints(schema: JsonSchema, doc: OpenApiDocument, w: Words): string {
  const s = nonNull(schema, doc);
  const out: string[] = [];
  if (typeof s.maxLength === 'number') out.push(w.maxLength(s.maxLength));
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push(w.minLength(s.minLength));
  if (typeof s.minimum === 'number') out.push(w.minimum(s.minimum));
  if (typeof s.exclusiveMinimum === 'number') out.push(`> ${s.exclusiveMinimum}`);
  if (typeof s.maximum === 'number' && Math.abs(s.maximum) < Number.MAX_SAFE_INTEGER) out.push(w.maximum(s.maximum));
  if (typeof s.exclusiveMaximum === 'number') out.push(`< ${s.exclusiveMaximum}`);
  if (typeof s.maxItems === 'number') out.push(w.maxItems(s.maxItems));
  if (typeof s.minItems === 'number' && s.minItems > 0) out.push(w.minItems(s.minItems));
  if (s.format) out.push(`${w.format} <code>${esc(s.format)}</code>`);
  // A format says it better than its regular expression (a uuid's is unreadable).
  if (s.pattern && !s.format) out.push(`${w.pattern} <code>${breakable(s.pattern)}</code>`);
  const values = s.enum ?? (s.const !== undefined ? [s.const] : undefined);
  if (values?.length) out.push(`${w.values} ${values.map((v) => `<code>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code>`).join(', ')}`);
  if (schema.default !== undefined) out.push(`${w.defaultValue} <code>${esc(JSON.stringify(schema.default))}</code>`);
  return out.length ? ` <span class="constraints">(${out.join(' ; ')})</span>` : '';
}

function typeLabel(schema: JsonSchema, doc: OpenApiDocument, w: Words, depth = 0): string {
  const s = resolve(schema, doc);
  if (depth > MAX_DEPTH) return w.anyValue;
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) {
    const labels = [...new Set(alternatives.map((a) => typeLabel(a, doc, w, depth + 1)))];
    return labels.join(w.or);
  }
  if (s.allOf?.length) return typeLabel(s.allOf[0]!, doc, w, depth + 1);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (!types.length) {
    if (s.properties) return w.types.object!;
    if (s.enum || s.const !== undefined) return w.types.string!;
    return w.anyValue;
  }
  return types
    .map((t) => {
      if (t === 'array') {
        const items = Array.isArray(s.items) ? s.items[0] : s.items;
        return items ? w.listOf(typeLabel(items, doc, w, depth + 1)) : w.types.array!;
      }
      return w.types[t] ?? t;
    })
    .join(w.or);
}

function resolve(schema: JsonSchema, doc: OpenApiDocument, seen = 0): JsonSchema {
  if (!schema.$ref || seen > 10) return schema;
  const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
  const target = name ? doc.components?.schemas?.[decodeURIComponent(name)] : undefined;
  return target ? resolve({ ...target, description: schema.description ?? target.description }, doc, seen + 1) : schema;
}

/** The schema without its `null` alternative (a nullable field reads as its real type). */
function nonNull(schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  const s = resolve(schema, doc);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const real = alternatives.filter((a) => resolve(a, doc).type !== 'null');
    if (real.length === 1) return resolve(real[0]!, doc);
  }
  return s;
}

function objectSchema(schema: JsonSchema, doc: OpenApiDocument): JsonSchema | null {
  const s = nonNull(schema, doc);
  if (s.properties) return s;
  if (s.allOf) {
    const merged: JsonSchema = { properties: {}, required: [] };
    for (const part of s.allOf) {
      const p = objectSchema(part, doc);
      if (p) {
        Object.assign(merged.properties!, p.properties);
        merged.required!.push(...(p.required ?? []));
      }
    }
    return Object.keys(merged.properties!).length ? merged : null;
  }
  return null;
}

function arrayItems(schema: JsonSchema, doc: OpenApiDocument): JsonSchema | null {
  const s = nonNull(schema, doc);
  if (s.type !== 'array' && !(Array.isArray(s.type) && s.type.includes('array'))) return null;
  const items = Array.isArray(s.items) ? s.items[0] : s.items;
  return items ? resolve(items, doc) : null;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'root';
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped, with break opportunities after each slash, so that a long path wraps on a phone. */
function breakable(text: string): string {
  return esc(text).replace(/\//g, '/<wbr>');
}
