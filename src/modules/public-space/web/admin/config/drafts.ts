/**
 * The category form's drafts: what the fields hold (text, mostly) and their conversion to and
 * from the API's body. Pure functions, so that the form stays about fields.
 */
import type { AdminCategory, CategoryAttribute, CreateCategoryBody, PriorityLevel, ReportStatus, ResponseTemplate } from '../../api';

export interface AttributeDraft {
  code: string;
  datatype: CategoryAttribute['datatype'];
  required: boolean;
  description: string;
  datatypeDescription: string;
  /** One choice a line, `key = name`. */
  values: string;
}

export interface TemplateDraft {
  id: string;
  title: string;
  text: string;
  status: ReportStatus | '';
}

export interface CategoryDraft {
  code: string;
  parentCode: string;
  nameFr: string;
  nameEn: string;
  description: string;
  /** Comma-separated. */
  keywords: string;
  photoRequired: boolean;
  anonymousAllowed: boolean;
  routingTeamId: string;
  defaultPriority: PriorityLevel;
  active: boolean;
  sortOrder: string;
  attributes: AttributeDraft[];
  templates: TemplateDraft[];
}

export const EMPTY_CATEGORY: CategoryDraft = {
  code: '',
  parentCode: '',
  nameFr: '',
  nameEn: '',
  description: '',
  keywords: '',
  photoRequired: false,
  anonymousAllowed: true,
  routingTeamId: '',
  defaultPriority: 'normal',
  active: true,
  sortOrder: '100',
  attributes: [],
  templates: [],
};

export const EMPTY_ATTRIBUTE: AttributeDraft = { code: '', datatype: 'string', required: false, description: '', datatypeDescription: '', values: '' };
export const EMPTY_TEMPLATE: TemplateDraft = { id: '', title: '', text: '', status: '' };

export const isList = (d: AttributeDraft['datatype']) => d === 'singlevaluelist' || d === 'multivaluelist';

export function draftOf(c: AdminCategory): CategoryDraft {
  return {
    code: c.code,
    parentCode: c.parentCode ?? '',
    nameFr: c.nameFr,
    nameEn: c.nameEn ?? '',
    description: c.description,
    keywords: c.keywords.join(', '),
    photoRequired: c.photoRequired,
    anonymousAllowed: c.anonymousAllowed,
    routingTeamId: c.routingTeamId ?? '',
    defaultPriority: c.defaultPriority,
    active: c.active,
    sortOrder: String(c.sortOrder),
    attributes: [...c.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        description: a.description,
        datatypeDescription: a.datatypeDescription ?? '',
        values: a.values.map((v) => `${v.key} = ${v.name}`).join('\n'),
      })),
    templates: c.responseTemplates.map((tpl) => ({ id: tpl.id, title: tpl.title, text: tpl.text, status: tpl.status ?? '' })),
  };
}

/** `key = name` lines; a line without `=` is its own key and name. */
export function parseValues(text: string): { key: string; name: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? { key: line, name: line } : { key: line.slice(0, at).trim(), name: line.slice(at + 1).trim() };
    });
}

export function bodyOf(d: CategoryDraft): CreateCategoryBody {
  const attributes: CategoryAttribute[] = d.attributes.map((a, i) => ({
    code: a.code.trim(),
    datatype: a.datatype,
    required: a.required,
    description: a.description.trim(),
    datatypeDescription: a.datatypeDescription.trim() || null,
    order: i * 10,
    values: isList(a.datatype) ? parseValues(a.values) : [],
  }));
  const responseTemplates: ResponseTemplate[] = d.templates.map((tpl) => ({ id: tpl.id.trim(), title: tpl.title.trim(), text: tpl.text.trim(), status: tpl.status || null }));
  return {
    code: d.code.trim(),
    parentCode: d.parentCode || null,
    nameFr: d.nameFr.trim(),
    nameEn: d.nameEn.trim() || null,
    description: d.description.trim(),
    keywords: d.keywords
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    attributes,
    photoRequired: d.photoRequired,
    anonymousAllowed: d.anonymousAllowed,
    routingTeamId: d.routingTeamId || null,
    defaultPriority: d.defaultPriority,
    responseTemplates,
    active: d.active,
    sortOrder: Number.parseInt(d.sortOrder, 10) || 0,
  };
}

/** Moves item `i` by `delta` places (up: −1, down: +1). */
export function moved<T>(items: T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (j < 0 || j >= items.length) return items;
  const out = [...items];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}
