import { FILE_PROBLEM_MESSAGES } from '../files/refusal';
import { localizeFieldError } from './field-errors';
import { LANGUAGES, type Language } from './language';
import type { HttpProblem, ProblemBody } from './problem';

/**
 * What a problem says to a person, in French and in English, keyed by its stable `code`.
 *
 * Code throws a problem with a code (and a fallback detail for logs and tests); the answer's
 * `title` and `detail` come from here, in the request's language. The platform declares the
 * codes it throws below; each module declares its own in its manifest (`problemMessages`). A
 * message may name the problem's extensions or `params` in braces: `{retryAfter}`.
 * `problem-codes.test.ts` fails when a code thrown anywhere in `src/` has no message here or in a
 * manifest.
 */
export type ProblemMessage = Readonly<Record<Language, string>>;
export type ProblemMessages = Readonly<Record<string, ProblemMessage>>;

export const PLATFORM_PROBLEM_MESSAGES: ProblemMessages = {
  validation_failed: {
    fr: 'Certaines informations de la requête ne sont pas valides : voyez le détail de chaque champ.',
    en: 'Some of the request is not valid: see each field’s error.',
  },
  malformed_json: { fr: 'Le corps de la requête n’est pas du JSON valide.', en: 'The request body is not valid JSON.' },
  unsupported_media_type: {
    fr: 'Ce point d’accès n’accepte pas ce type de contenu.',
    en: 'This endpoint does not accept that content type.',
  },
  unsupported_charset: {
    fr: 'Le corps de la requête doit être en UTF-8 (charset=utf-8, ou aucun charset).',
    en: 'The request body must be UTF-8 (charset=utf-8, or no charset at all).',
  },
  invalid_utf8: {
    fr: 'Le corps de la requête contient des octets qui ne sont pas de l’UTF-8 valide.',
    en: 'The request body contains bytes that are not valid UTF-8.',
  },
  body_too_large: {
    fr: 'Le corps de la requête dépasse la taille que ce point d’accès accepte.',
    en: 'The request body is larger than this endpoint accepts.',
  },
  too_many_parts: {
    fr: 'L’envoi contient plus de fichiers ou de champs que ce point d’accès n’en accepte.',
    en: 'The request holds more files or fields than this endpoint accepts.',
  },
  bad_content_length: {
    fr: 'L’en-tête Content-Length ne correspond pas au corps de la requête.',
    en: 'Content-Length does not match the body.',
  },
  not_found: { fr: 'L’élément demandé n’existe pas ou plus.', en: 'The requested item does not exist or no longer exists.' },
  method_not_allowed: {
    fr: 'La méthode {method} n’est pas acceptée à cette adresse ; méthodes acceptées : {allow}.',
    en: 'The method {method} is not allowed at this address; allowed methods: {allow}.',
  },
  rate_limited: {
    fr: 'Trop de requêtes en peu de temps ; réessayez dans {retryAfter} s.',
    en: 'Too many requests; retry in {retryAfter} s.',
  },
  http_error: { fr: 'La requête n’a pas pu être traitée.', en: 'The request could not be processed.' },
  internal: { fr: 'Une erreur inattendue s’est produite sur le serveur.', en: 'An unexpected error occurred on the server.' },
  not_ready: { fr: 'La base de données ne répond pas.', en: 'The database is not reachable.' },
  'auth.required': { fr: 'Authentification requise.', en: 'Authentication required.' },
  'auth.forbidden': { fr: 'Vous n’avez pas l’autorisation de faire cela.', en: 'You do not have permission to do this.' },
  'settings.unknown_key': { fr: 'Réglage inconnu : « {key} ».', en: 'Unknown setting "{key}".' },
  'settings.invalid': {
    fr: 'La valeur du réglage « {key} » n’est pas valide : voyez le détail de chaque champ.',
    en: 'The value of setting "{key}" is not valid: see each field’s error.',
  },
  'settings.secret_required': {
    fr: 'Un secret enregistré n’est pas repris quand les champs auxquels il est lié changent : saisissez-le de nouveau.',
    en: 'A stored secret is not carried over when the fields it is bound to change: give it again.',
  },
  'audit.chain_truncated': {
    fr: 'Le journal d’audit a été tronqué : l’événement n° {eventId}, couvert par le point de contrôle n° {checkpointId}, n’y est plus. Aucun point de contrôle n’est signé.',
    en: 'The audit log was truncated: event #{eventId}, covered by checkpoint #{checkpointId}, is gone. No checkpoint is signed.',
  },
  'audit.chain_rewritten': {
    fr: 'Le journal d’audit a été réécrit : l’événement n° {eventId} n’a plus l’empreinte que le point de contrôle n° {checkpointId} a signée. Aucun point de contrôle n’est signé.',
    en: 'The audit log was rewritten: event #{eventId} no longer has the hash checkpoint #{checkpointId} signed. No checkpoint is signed.',
  },
  'audit.chain_broken': {
    fr: 'Le journal d’audit est rompu à l’événement n° {eventId} : aucun point de contrôle n’est signé pour une chaîne rompue.',
    en: 'The audit log is broken at event #{eventId}: no checkpoint is signed for a broken chain.',
  },
  'audit.chain_changed': {
    fr: 'L’événement n° {eventId} du journal d’audit a changé pendant la signature du point de contrôle : aucun point de contrôle n’est signé.',
    en: 'Event #{eventId} of the audit log changed while the checkpoint was being signed: no checkpoint is signed.',
  },
  'outbound.invalid_url': { fr: 'Cette adresse web n’est pas valide.', en: 'This is not a valid URL.' },
  'outbound.scheme_refused': {
    fr: 'Seules les adresses http et https sont consultées.',
    en: 'Only http and https URLs are fetched.',
  },
  'outbound.credentials_refused': {
    fr: 'Une adresse contenant un nom d’utilisateur ou un mot de passe n’est pas consultée.',
    en: 'A URL with a user name or password is not fetched.',
  },
  'outbound.host_not_allowed': {
    fr: 'Ce site n’est pas dans la liste des sites autorisés par un administrateur.',
    en: 'This site is not among those an administrator allowed.',
  },
  'outbound.address_refused': {
    fr: 'Cette adresse est interne ou réservée (boucle locale, réseau privé, métadonnées du serveur…) : Beffroi ne la consulte pas.',
    en: 'This address is internal or reserved (loopback, private network, server metadata…): Beffroi does not fetch it.',
  },
  'outbound.unresolvable': { fr: 'Ce nom de site est introuvable.', en: 'This host name could not be resolved.' },
  'outbound.unreachable': { fr: 'Le serveur de ce site ne répond pas.', en: 'The server could not be reached.' },
  'outbound.too_many_redirects': { fr: 'Ce site redirige trop de fois.', en: 'The site redirects too many times.' },
  'outbound.too_large': { fr: 'La réponse de ce site est trop volumineuse.', en: 'The site’s response is too large.' },
  'outbound.timeout': { fr: 'Ce site n’a pas répondu à temps.', en: 'The site did not answer in time.' },
  'outbound.aborted': { fr: 'La demande a été annulée.', en: 'The request was cancelled.' },
  'outbound.invalid_response': { fr: 'La réponse de ce site n’est pas lisible.', en: 'The site’s response could not be read.' },
  // Field errors of the settings (`params.code` of their refinements, `settings/api-schemas.ts`).
  'outbound.host_invalid': {
    fr: 'Écrivez un nom de site comme mairie.fr ou *.mairie.fr, sans http:// ni chemin.',
    en: 'Write a site name such as mairie.fr or *.mairie.fr, without http:// or a path.',
  },
  'outbound.network_invalid': {
    fr: 'Écrivez un réseau en notation CIDR, par exemple 10.1.2.0/24.',
    en: 'Write a network in CIDR notation, for example 10.1.2.0/24.',
  },
  'outbound.network_holds_metadata': {
    fr: 'Ce réseau contient une adresse de métadonnées cloud (169.254.169.254, 100.100.100.200…) : il ne peut pas être ouvert.',
    en: 'This network contains a cloud metadata address (169.254.169.254, 100.100.100.200…): it cannot be opened.',
  },
  'settings.provider_url_credentials': {
    fr: 'L’adresse ne doit contenir ni identifiants ni paramètres : la clé va dans le champ de la clé d’API.',
    en: 'The address must not contain credentials or a query string: the key goes in the API key field.',
  },
  'settings.provider_field_required': {
    fr: 'Obligatoire quand le fournisseur est activé.',
    en: 'Required when the provider is enabled.',
  },
  'settings.url_invalid': { fr: 'Adresse non valide.', en: 'Invalid address.' },
};

/** The platform's own messages, by part: the HTTP layer's above, and the other parts' that throw problems. */
export const PLATFORM_PROBLEM_SOURCES: readonly { source: string; messages: ProblemMessages }[] = [
  { source: 'platform', messages: PLATFORM_PROBLEM_MESSAGES },
  { source: 'platform files', messages: FILE_PROBLEM_MESSAGES },
];

const TITLES: Record<number, ProblemMessage> = {
  400: { fr: 'Requête incorrecte', en: 'Bad Request' },
  401: { fr: 'Authentification requise', en: 'Unauthorized' },
  403: { fr: 'Accès refusé', en: 'Forbidden' },
  404: { fr: 'Introuvable', en: 'Not Found' },
  405: { fr: 'Méthode non autorisée', en: 'Method Not Allowed' },
  409: { fr: 'Conflit', en: 'Conflict' },
  413: { fr: 'Contenu trop volumineux', en: 'Content Too Large' },
  415: { fr: 'Type de contenu non pris en charge', en: 'Unsupported Media Type' },
  422: { fr: 'Contenu non traitable', en: 'Unprocessable Content' },
  423: { fr: 'Verrouillé', en: 'Locked' },
  429: { fr: 'Trop de requêtes', en: 'Too Many Requests' },
  500: { fr: 'Erreur interne du serveur', en: 'Internal Server Error' },
  503: { fr: 'Service indisponible', en: 'Service Unavailable' },
};

export function localizedTitle(status: number, language: Language): string {
  return TITLES[status]?.[language] ?? (language === 'fr' ? 'Erreur' : 'Error');
}

/** The `{name}` placeholders of a message, sorted. */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/** Every module's problem messages and the platform's, checked once at start. */
export class ProblemCatalogue {
  private readonly messages = new Map<string, ProblemMessage>();

  /** Throws when a code is declared twice, lacks a language, or its languages name different placeholders. */
  constructor(sources: readonly { source: string; messages: ProblemMessages }[]) {
    const owner = new Map<string, string>();
    for (const { source, messages } of sources) {
      for (const [code, message] of Object.entries(messages)) {
        const first = owner.get(code);
        if (first) throw new Error(`Problem code "${code}" has messages in both ${first} and ${source}.`);
        for (const language of LANGUAGES) {
          if (!message[language]?.trim()) throw new Error(`Problem code "${code}" (${source}) has no ${language} message.`);
        }
        const expected = placeholdersOf(message.fr).join(',');
        for (const language of LANGUAGES) {
          if (placeholdersOf(message[language]).join(',') !== expected) {
            throw new Error(`Problem code "${code}" (${source}) names different placeholders in its languages.`);
          }
        }
        owner.set(code, source);
        this.messages.set(code, message);
      }
    }
  }

  has(code: string): boolean {
    return this.messages.has(code);
  }

  codes(): string[] {
    return [...this.messages.keys()];
  }

  /** The message of `code` in `language` with its placeholders filled; undefined when unknown or a value is missing. */
  message(code: string, language: Language, values: Readonly<Record<string, unknown>> = {}): string | undefined {
    const template = this.messages.get(code)?.[language];
    if (!template) return undefined;
    let complete = true;
    const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = values[name];
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      complete = false;
      return '';
    });
    return complete ? text : undefined;
  }
}

/**
 * The body of a problem answered in `language`. A problem whose code has no message keeps the
 * detail it was thrown with; field errors from zod issues are worded again in the language, and
 * a field error that repeats the problem's detail repeats the translated one.
 */
export function localizedProblemBody(
  problem: HttpProblem,
  language: Language,
  catalogue: ProblemCatalogue,
  instance?: string,
): ProblemBody {
  const body = problem.toBody(instance);
  const values = { ...body, ...(problem.extra.params ?? {}) };
  const detail = catalogue.message(problem.code, language, values) ?? problem.message;
  const lookup = (code: string, lang: Language) => catalogue.message(code, lang);
  const errors = problem.extra.errors?.map((e) =>
    e.message === problem.message && detail !== problem.message
      ? { ...e, message: detail }
      : localizeFieldError(e, language, lookup),
  );
  return { ...body, title: localizedTitle(problem.status, language), detail, ...(errors ? { errors } : {}) };
}
