/**
 * Why an untrusted file was refused, as a problem detail (RFC 9457): 413 when it exceeds a size
 * limit, 422 when it is not what it claims, cannot be read, or exhausted the parse's time or
 * memory. The code is stable (the client's i18n key); the detail is French, shown as is.
 * `limit` (when present) is the cap that was exceeded, in the unit of its code.
 */
import { HttpProblem } from '../http/problem';

export const FILE_REFUSALS = {
  too_large: 413,
  decompressed_too_large: 413,
  compression_too_high: 413,
  too_many_entries: 413,
  text_too_long: 413,
  too_many_pages: 413,
  too_many_rows: 413,
  too_many_columns: 413,
  too_many_cells: 413,
  field_too_long: 413,
  image_too_large: 413,
  empty: 422,
  unsupported_type: 422,
  unreadable: 422,
  encrypted: 422,
  parse_timeout: 422,
  parse_memory: 422,
  parser_busy: 503,
} as const;

export type FileRefusalReason = keyof typeof FILE_REFUSALS;
export type FileRefusalCode = `file.${FileRefusalReason}`;

export class FileRefusal extends HttpProblem {
  constructor(
    reason: FileRefusalReason,
    detail: string,
    extra: { limit?: number; line?: number; [k: string]: unknown } = {},
  ) {
    super(FILE_REFUSALS[reason], `file.${reason}`, detail, extra);
    this.name = 'FileRefusal';
  }

  /** Plain data, to cross from the parsing thread. */
  toJSON(): SerializedRefusal {
    const { headers: _headers, ...extra } = this.extra;
    return { code: this.code as FileRefusalCode, detail: this.message, extra };
  }

  static fromJSON(s: SerializedRefusal): FileRefusal {
    return new FileRefusal(s.code.slice('file.'.length) as FileRefusalReason, s.detail, s.extra);
  }
}

export interface SerializedRefusal {
  code: FileRefusalCode;
  detail: string;
  extra: Record<string, unknown>;
}

export function isSerializedRefusal(v: unknown): v is SerializedRefusal {
  const code = (v as SerializedRefusal | null)?.code;
  return typeof code === 'string' && code.startsWith('file.') && code.slice(5) in FILE_REFUSALS;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} Mo`;
const count = (n: number) => n.toLocaleString('fr-FR');

/**
 * The refusals, worded once. The French detail says the most (it is what a job's error keeps);
 * an HTTP answer takes its detail from `FILE_PROBLEM_MESSAGES` in the request's language, filled
 * from `params` and the extensions (`limit`, `line`).
 */
export const refuse = {
  tooLarge: (limit: number) =>
    new FileRefusal('too_large', `Fichier trop volumineux (maximum ${megabytes(limit)}).`, { limit, params: { maxMegabytes: mb(limit) } }),
  decompressedTooLarge: (limit: number) =>
    new FileRefusal('decompressed_too_large', `Une fois décompressé, le fichier dépasserait ${megabytes(limit)} : il est refusé.`, {
      limit,
      params: { maxMegabytes: mb(limit) },
    }),
  entryLies: (limit: number) =>
    new FileRefusal('decompressed_too_large', "Le contenu décompressé dépasse la taille annoncée par l'archive : le fichier est refusé.", {
      limit,
      params: { maxMegabytes: mb(limit) },
    }),
  compressionTooHigh: (limit: number) =>
    new FileRefusal('compression_too_high', `Le fichier est compressé plus de ${count(limit)} fois, ce qui est le signe d'une « bombe » de décompression.`, { limit }),
  tooManyEntries: (limit: number) => new FileRefusal('too_many_entries', `L'archive contient plus de ${count(limit)} éléments.`, { limit }),
  textTooLong: (limit: number) => new FileRefusal('text_too_long', `Le texte extrait dépasse ${count(limit)} caractères.`, { limit }),
  tooManyPages: (limit: number) => new FileRefusal('too_many_pages', `Le PDF dépasse ${count(limit)} pages.`, { limit }),
  tooManyRows: (limit: number) => new FileRefusal('too_many_rows', `Le tableau dépasse ${count(limit)} lignes.`, { limit }),
  tooManyColumns: (limit: number, line?: number) =>
    new FileRefusal('too_many_columns', `Le tableau dépasse ${count(limit)} colonnes${line ? ` (ligne ${line})` : ''}.`, line ? { limit, line } : { limit }),
  tooManyCells: (limit: number) => new FileRefusal('too_many_cells', `Le tableau dépasse ${count(limit)} cellules.`, { limit }),
  fieldTooLong: (limit: number, line: number) =>
    new FileRefusal('field_too_long', `Une cellule de la ligne ${line} dépasse ${count(limit)} caractères.`, { limit, line }),
  imageTooLarge: (limit: number, width: number, height: number) =>
    new FileRefusal('image_too_large', `Image trop grande (${width} × ${height} pixels, maximum ${count(limit)} pixels).`, {
      limit,
      width,
      height,
      params: { maxMegapixels: Math.round(limit / 100_000) / 10 },
    }),
  empty: () => new FileRefusal('empty', 'Le fichier est vide.'),
  unsupportedType: (accepted: readonly string[]) =>
    new FileRefusal('unsupported_type', `Type de fichier non pris en charge ou ne correspondant pas à son contenu (acceptés : ${accepted.join(', ')}).`, {
      accepted: [...accepted],
      params: { accepted: accepted.join(', ') },
    }),
  unreadable: (why?: string, line?: number) =>
    new FileRefusal('unreadable', `Le fichier est illisible ou endommagé${why ? ` : ${why}` : ''}.`, line ? { line } : {}),
  encrypted: () => new FileRefusal('encrypted', 'Le fichier est protégé par un mot de passe : enregistrez-le sans protection avant de l’envoyer.'),
  parseTimeout: (limit: number) =>
    new FileRefusal('parse_timeout', `La lecture du fichier a dépassé ${seconds(limit)} s : elle a été interrompue.`, { limit, params: { seconds: seconds(limit) } }),
  parseMemory: (limit: number) =>
    new FileRefusal('parse_memory', `La lecture du fichier demandait plus de ${count(limit)} Mo de mémoire : elle a été interrompue.`, {
      limit,
      params: { megabytes: limit },
    }),
  parserBusy: () =>
    new FileRefusal('parser_busy', 'Trop de fichiers sont en cours de lecture : réessayez dans un instant.', { headers: { 'retry-after': '5' } }),
};

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** What the refusals say over HTTP, in French and English (added to the platform's problem catalogue). */
export const FILE_PROBLEM_MESSAGES: Readonly<Record<FileRefusalCode, { fr: string; en: string }>> = {
  'file.too_large': { fr: 'Fichier trop volumineux (maximum {maxMegabytes} Mo).', en: 'File too large (at most {maxMegabytes} MB).' },
  'file.decompressed_too_large': {
    fr: 'Une fois décompressé, le fichier dépasserait {maxMegabytes} Mo (ou son contenu dépasse la taille qu’il annonce) : il est refusé.',
    en: 'Once decompressed, the file would exceed {maxMegabytes} MB (or its content exceeds the size it declares): it is refused.',
  },
  'file.compression_too_high': {
    fr: 'Le fichier est compressé plus de {limit} fois, ce qui est le signe d’une « bombe » de décompression.',
    en: 'The file is compressed more than {limit} times, the mark of a decompression bomb.',
  },
  'file.too_many_entries': { fr: 'L’archive contient plus de {limit} éléments.', en: 'The archive holds more than {limit} entries.' },
  'file.text_too_long': { fr: 'Le texte extrait dépasse {limit} caractères.', en: 'The extracted text exceeds {limit} characters.' },
  'file.too_many_pages': { fr: 'Le PDF dépasse {limit} pages.', en: 'The PDF has more than {limit} pages.' },
  'file.too_many_rows': { fr: 'Le tableau dépasse {limit} lignes.', en: 'The table has more than {limit} rows.' },
  'file.too_many_columns': { fr: 'Le tableau dépasse {limit} colonnes.', en: 'The table has more than {limit} columns.' },
  'file.too_many_cells': { fr: 'Le tableau dépasse {limit} cellules.', en: 'The table has more than {limit} cells.' },
  'file.field_too_long': {
    fr: 'Une cellule de la ligne {line} dépasse {limit} caractères.',
    en: 'A cell on line {line} is longer than {limit} characters.',
  },
  'file.image_too_large': {
    fr: 'Image trop grande ({width} × {height} pixels, maximum {maxMegapixels} mégapixels).',
    en: 'Image too large ({width} × {height} pixels, at most {maxMegapixels} megapixels).',
  },
  'file.empty': { fr: 'Le fichier est vide.', en: 'The file is empty.' },
  'file.unsupported_type': {
    fr: 'Type de fichier non pris en charge, ou contenu ne correspondant pas à son nom (acceptés : {accepted}).',
    en: 'Unsupported file type, or content that does not match its name (accepted: {accepted}).',
  },
  'file.unreadable': { fr: 'Le fichier est illisible ou endommagé.', en: 'The file cannot be read or is damaged.' },
  'file.encrypted': {
    fr: 'Le fichier est protégé par un mot de passe : enregistrez-le sans protection avant de l’envoyer.',
    en: 'The file is password-protected: save it without protection before sending it.',
  },
  'file.parse_timeout': {
    fr: 'La lecture du fichier a dépassé {seconds} s : elle a été interrompue.',
    en: 'Reading the file took more than {seconds} s: it was stopped.',
  },
  'file.parse_memory': {
    fr: 'La lecture du fichier demandait plus de {megabytes} Mo de mémoire : elle a été interrompue.',
    en: 'Reading the file needed more than {megabytes} MB of memory: it was stopped.',
  },
  'file.parser_busy': {
    fr: 'Trop de fichiers sont en cours de lecture : réessayez dans un instant.',
    en: 'Too many files are being read: try again in a moment.',
  },
};
