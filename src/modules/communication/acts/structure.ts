/**
 * The parts of a council act, sentence by sentence: the session's header (register, date,
 * members present), the title, the rapporteur, the visas ("Vu…"), the considerations
 * ("Considérant…"), the account (exposé), the dispositif (its opening "DÉCIDE :" or "il est
 * proposé au Conseil municipal :", its articles and items), the vote, and the closing formulas
 * (signature, publication, the prefecture's stamp).
 *
 * And the act's decisive figures: what a summary must not lose — the amounts and rates it decides,
 * the vote counts, the dates from which it takes effect, the durations it sets.
 *
 * Pure module: no I/O.
 */
import type { ActSentence } from './act-text.js';
import type { Figure } from './figures.js';

export type SentenceRole =
  | 'header'
  | 'title'
  | 'rapporteur'
  | 'visa'
  | 'considerant'
  | 'expose'
  | 'decision_intro'
  | 'article'
  | 'decision'
  | 'vote'
  | 'closing';

export interface StructuredSentence extends ActSentence {
  role: SentenceRole;
  /** Carries a decision verb ("DÉCIDE", "approuve", "d'autoriser", "Ont été élus"). */
  decisionVerb: boolean;
  /** Routine formula of the dispositif (authority to sign "tout document relatif à cette affaire"). */
  routine: boolean;
}

export interface VoteSummary {
  /** Sentences of the vote. */
  sentences: number[];
  adopted: boolean | null;
  unanimous: boolean;
  counts: Partial<Record<'for' | 'against' | 'abstentions' | 'not_voting' | 'voters' | 'cast', number>>;
}

export interface ActStructure {
  sentences: StructuredSentence[];
  /** Index of the title sentence, if any. */
  title: number | null;
  /** Sentences of the dispositif (opening, articles, items), in order. */
  dispositif: number[];
  vote: VoteSummary;
}

const HEADER_RE =
  /^(?:extrait (?:du|des) (?:registre|proc[èe]s)|registre des d[ée]lib[ée]rations|proc[èe]s[- ]verbal|s[ée]ance (?:publique |ordinaire |extraordinaire )?du|convoqu[ée]|l['’]an (?:deux|mil)|date (?:de (?:la )?convocation|d['’]affichage)|nombre de (?:conseillers|membres|votants)|conseillers (?:municipaux )?en exercice|en exercice|pr[ée]sents?(?![\p{L}\p{N}])|absents?(?![\p{L}\p{N}])|excus[ée]s?(?![\p{L}\p{N}])|repr[ée]sent[ée]s?(?![\p{L}\p{N}])|pouvoirs?(?![\p{L}\p{N}])|procurations?(?![\p{L}\p{N}])|secr[ée]taire de s[ée]ance|direction\b|service\b|d[ée]partement (?:de|du|des)(?![\p{L}\p{N}])|r[ée]publique fran[çc]aise|commune de\b|ville de\b|mairie de\b|conseil municipal\s*$|le conseil municipal de .{0,80}(?:s['’]est r[ée]uni|d[ûu]ment convoqu)|sous la pr[ée]sidence|quorum|n[°o]\s*\d+\s*$)/iu;
const OBJECT_RE = /^(?:objet|titre)\s*:/i;
const RAPPORTEUR_RE = /^(?:(?:monsieur|madame|m\.|mme)\s.{0,80}?(?<![\p{L}\p{N}])rapporte(?![\p{L}\p{N}])|rapporteur\s*:|sur le rapport de)/iu;
const VISA_RE = /^vu\b/iu;
const CONSIDERANT_RE = /^(?:consid[ée]rant|attendu)(?![\p{L}\p{N}])/iu;
const DECISION_INTRO_RE =
  /(?:\b(?:d[ée]cide|d[ée]lib[èe]re|arr[êe]te)\s*:?\s*$|^(?:le conseil municipal,?\s*)?(?:apr[èe]s en avoir d[ée]lib[ée]r[ée]|ou[ïi] l['’]expos[ée])|il est (?:donc )?(?:propos[ée]|demand[ée]) (?:au|aux membres du) conseil|(?:je vous|il vous est) propos[ée]?|^en cons[ée]quence\b.*:$|^(?:ont|a) [ée]t[ée] (?:[ée]lu|d[ée]sign)|^(?:sont|est) (?:[ée]lus?|d[ée]sign[ée]s?)\s*:)/iu;
const ARTICLE_RE = /^(?:article\s+(?:\d+|premier|1er|unique)(?![\p{L}\p{N}])|art\.\s*\d)/iu;
const DECISION_VERB_RE =
  /(?:\b(?:DÉCIDE|DECIDE|APPROUVE|AUTORISE|ADOPTE|ATTRIBUE|ACCORDE|FIXE|DÉSIGNE|DESIGNE|ÉLIT|VALIDE|ACCEPTE|ABROGE|CRÉE|SUPPRIME|MODIFIE)(?![\p{L}\p{N}])|\b(?:d[ée]cide|approuve|autorise|adopte|attribue|accorde|fixe|d[ée]signe|[ée]lit|valide|accepte|prend acte|donne (?:son )?accord|[ée]met un avis|abroge|modifie|cr[ée]e|supprime)(?![\p{L}\p{N}])|(?:\b(?:d['’]|de\s)(?:approuver|autoriser|adopter|attribuer|accorder|fixer|d[ée]signer|accepter|d[ée]cider|pr[ée]lever|[ée]lire|valider|cr[ée]er|supprimer|modifier|prendre acte|donner|[ée]mettre|verser|allouer|abroger|renouveler|confier|approuver))|(?:ont|a) [ée]t[ée] (?:[ée]lue?s?|d[ée]sign[ée]e?s?)|\b(?:titulaires?|suppl[ée]ants?)\s*:)/u;
const ROUTINE_RE =
  /(?:signer (?:tous |toutes |tout |les |la |cette |ces )?(?:documents?|pi[èe]ces|actes|conventions?)?.{0,40}(?:relatifs?|aff[ée]rents?|n[ée]cessaires?) (?:à|a) (?:cette|la pr[ée]sente) (?:affaire|d[ée]lib[ée]ration|d[ée]cision)|prendre toutes (?:les )?(?:mesures|dispositions) n[ée]cessaires|tous (?:les )?documents relatifs (?:à|a) cette affaire|tout document relatif (?:à|a) cette affaire)/iu;
const VOTE_RE =
  /(?:^(?:le conseil(?: municipal)? (?:adopte|approuve)|adopt[ée]e?s?(?![\p{L}\p{N}])|pour\s*:|contre\s*:|abstentions?\s*:|votes?\s*:|r[ée]sultats? du vote|ne (?:prend|prennent) pas part|votants?\s*:|suffrages)|\bunanimit[ée](?![\p{L}\p{N}])|\b(?:adopt[ée]e?s?|approuv[ée]e?s?) (?:à|a) la majorit[ée]|\d+\s+voix\s+pour)/iu;
const ADOPTED_RE = /(?:\badopt|\bapprouv|unanimit)/iu;
const REJECTED_RE = /(?:\brejet[ée]e?s?(?![\p{L}\p{N}])|\bn['’]adopte pas\b|\brepouss[ée])/iu;
const CLOSING_RE =
  /(?:^(?:pour extrait conforme|pour copie conforme|fait et d[ée]lib[ée]r[ée]|ainsi fait|d[ée]lib[ée]r[ée] en s[ée]ance|affich[ée]e? le|certifi[ée] ex[ée]cutoire|transmise? (?:en|à la) pr[ée]fecture|acte rendu ex[ée]cutoire|la pr[ée]sente d[ée]lib[ée]ration (?:peut|pourra) faire l['’]objet d['’]un recours|conform[ée]ment (?:à|aux) (?:l['’]article|articles) r\.?\s?421)|publi[ée]e? le\s*:)/iu;
/** A signature line: "Le Maire,", "Pour le Maire, l'adjoint délégué". */
const SIGNATURE_RE = /^(?:le maire\b|pour le maire\b|l['’]adjoint d[ée]l[ée]gu[ée]|(?:monsieur|madame) le maire,?$)/iu;
const NAME_LIST_RE = /^(?:[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)*\s*,\s*){3,}/u;

function isNameList(text: string): boolean {
  const commas = (text.match(/,/g) ?? []).length;
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return (commas >= 2 && capitalised >= words.length * 0.6) || NAME_LIST_RE.test(text);
}

/** For recognising a part only: digits an OCR put inside a word read as the letters they stand for ("C0nvoqué"). */
function readableForRoles(text: string): string {
  const letter: Record<string, string> = { '0': 'o', '1': 'l', '5': 's', '8': 'b' };
  return text.replace(/(?<=\p{L})[0158](?=\p{L})|(?<![\p{L}\p{N}])[0158](?=\p{Ll}{3})/gu, (d) => letter[d]!);
}

export function structureOf(sentences: readonly ActSentence[]): ActStructure {
  const out: StructuredSentence[] = [];
  let state: 'header' | 'body' | 'dispositif' | 'after_vote' = 'header';
  let title: number | null = null;
  const dispositif: number[] = [];
  const voteSentences: number[] = [];

  sentences.forEach((s, i) => {
    const text = readableForRoles(s.text.trim());
    const decisionVerb = DECISION_VERB_RE.test(text);
    const routine = ROUTINE_RE.test(text);
    let role: SentenceRole;
    const afterHeaderLabel = state === 'header' && i > 0 && out[i - 1]!.role === 'header' && /:\s*$/.test(out[i - 1]!.text);
    if (state === 'header' && (HEADER_RE.test(text) || isNameList(text) || (afterHeaderLabel && !s.line)) && !VISA_RE.test(text) && !ARTICLE_RE.test(text)) {
      role = 'header';
    } else if (CLOSING_RE.test(text) && (state !== 'header' || i > 0)) {
      role = 'closing';
      if (state !== 'header') state = 'after_vote';
    } else if (SIGNATURE_RE.test(text) && text.length < 60) {
      role = 'closing';
    } else if (VOTE_RE.test(text) && text.length < 400 && !DECISION_INTRO_RE.test(text)) {
      role = 'vote';
      state = 'after_vote';
    } else if (state === 'after_vote') {
      role = 'closing';
    } else if (OBJECT_RE.test(text) && title === null) {
      role = 'title';
    } else if (RAPPORTEUR_RE.test(text)) {
      role = 'rapporteur';
      state = state === 'header' ? 'body' : state;
    } else if (VISA_RE.test(text)) {
      role = 'visa';
      state = state === 'header' ? 'body' : state;
    } else if (CONSIDERANT_RE.test(text)) {
      role = 'considerant';
      state = state === 'header' ? 'body' : state;
    } else if (ARTICLE_RE.test(text)) {
      role = 'article';
      state = 'dispositif';
    } else if (DECISION_INTRO_RE.test(text) && (text.endsWith(':') || /\b(?:d[ée]cide|d[ée]lib[èe]re|arr[êe]te)\s*:?\s*$/iu.test(text) || text.length < 200)) {
      role = 'decision_intro';
      state = 'dispositif';
    } else if (state === 'dispositif') {
      role = 'decision';
    } else if (state === 'header' && title === null && s.line) {
      role = 'title';
      state = 'body';
    } else {
      role = 'expose';
      state = state === 'header' ? 'body' : state;
    }
    if (role === 'title') title = i;
    if (role === 'decision_intro' || role === 'article' || role === 'decision') dispositif.push(i);
    if (role === 'vote') voteSentences.push(i);
    out.push({ ...s, role, decisionVerb, routine });
  });

  // An act without a recognisable dispositif: its decisions are the sentences with a decision verb in capitals
  // ("Le Conseil municipal APPROUVE…") or that say the council decides.
  if (dispositif.length === 0) {
    out.forEach((s, i) => {
      if ((s.role === 'expose' || s.role === 'considerant') && s.decisionVerb && /(?:\b[A-ZÉ]{5,}\b|le conseil municipal,? (?:d[ée]cide|approuve|autorise|adopte|fixe|d[ée]signe))/u.test(s.text)) {
        s.role = 'decision';
        dispositif.push(i);
      }
    });
  }
  // A title still missing: the line just before the rapporteur, else the first line of the body.
  if (title === null) {
    const rapporteur = out.findIndex((s) => s.role === 'rapporteur');
    const candidate = rapporteur > 0 ? rapporteur - 1 : out.findIndex((s) => s.role === 'expose' && s.line);
    if (candidate >= 0 && out[candidate]!.line && (out[candidate]!.role === 'expose' || out[candidate]!.role === 'header')) {
      out[candidate]!.role = 'title';
      title = candidate;
    }
  }

  const vote: VoteSummary = { sentences: voteSentences, adopted: null, unanimous: false, counts: {} };
  for (const i of voteSentences) {
    const text = out[i]!.text;
    if (REJECTED_RE.test(text)) vote.adopted = false;
    else if (ADOPTED_RE.test(text) && vote.adopted === null) vote.adopted = true;
    if (/unanimit/iu.test(text)) vote.unanimous = true;
  }
  return { sentences: out, title, dispositif, vote };
}

/** Adds the vote counts of the vote's sentences (from the act's figures) to the structure's vote. */
export function withVoteCounts(structure: ActStructure, figures: readonly Figure[]): ActStructure {
  const counts: VoteSummary['counts'] = {};
  for (const i of structure.vote.sentences) {
    const s = structure.sentences[i]!;
    for (const f of figures) {
      if (f.kind !== 'vote' || f.start < s.start || f.end > s.end || !f.values?.length) continue;
      const role = f.vote as keyof VoteSummary['counts'];
      if (role in counts) continue;
      counts[role] = f.values[0]!;
    }
  }
  if ((counts.for ?? 0) > 0 && structure.vote.adopted === null && counts.against !== undefined) {
    structure.vote.adopted = (counts.for ?? 0) > (counts.against ?? 0);
  }
  structure.vote.counts = counts;
  return structure;
}

export interface DecisiveFigure {
  figure: Figure;
  /** Index of the sentence that carries it. */
  sentence: number;
}

const DURATION_CONTEXT_RE = /(?:dur[ée]e|pendant|p[ée]riode|renouvelable|conclue? pour|consentie? pour|engag[ée]e? pour)/iu;

function figureKey(f: Figure): string {
  if (f.kind === 'date') return `date:${JSON.stringify(f.dates)}`;
  if (f.kind === 'vote') return `vote:${f.vote}:${f.values?.[0] ?? ''}`;
  if (f.kind === 'duration') return `duration:${f.unit}:${f.values?.[0]}`;
  return `${f.kind}:${f.values?.[0]}`;
}

/**
 * The act's decisive figures: amounts and rates of the dispositif (of the whole body when the
 * dispositif refers to them without repeating them: "la subvention telle que définie ci-dessus"),
 * vote counts and unanimity, dates of effect (and dates of the dispositif that are not references to
 * other texts), durations of the dispositif or that the body presents as one. Each counted once.
 */
export function decisiveFigures(structure: ActStructure, figures: readonly Figure[]): DecisiveFigure[] {
  const sentenceOf = (f: Figure) => structure.sentences.findIndex((s) => f.start >= s.start && f.start < s.end);
  const located = figures.map((f) => ({ figure: f, sentence: sentenceOf(f) })).filter((x) => x.sentence >= 0);
  const roleOf = (i: number) => structure.sentences[i]!.role;
  const inDispositif = (i: number) => ['decision_intro', 'article', 'decision'].includes(roleOf(i));
  const inBody = (i: number) => !['header', 'closing'].includes(roleOf(i));
  const dispositifAmounts = located.filter((x) => x.figure.kind === 'amount' && inDispositif(x.sentence));
  const out: DecisiveFigure[] = [];
  const seen = new Set<string>();
  for (const x of located) {
    const f = x.figure;
    const i = x.sentence;
    let decisive = false;
    switch (f.kind) {
      case 'amount':
        decisive = dispositifAmounts.length > 0 ? inDispositif(i) : inBody(i) && roleOf(i) !== 'visa';
        break;
      case 'percent':
        decisive = inDispositif(i);
        break;
      case 'vote':
        decisive = roleOf(i) === 'vote' || inDispositif(i);
        break;
      case 'date':
        decisive = inBody(i) && (f.dateRole === 'effect' || (inDispositif(i) && f.dateRole !== 'reference'));
        break;
      case 'duration':
        decisive = inDispositif(i) || (inBody(i) && DURATION_CONTEXT_RE.test(structure.sentences[i]!.text));
        break;
      default:
        decisive = false;
    }
    if (!decisive) continue;
    const k = figureKey(f);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}

/** Whether a figure of a summary carries the same value as a decisive figure of its act. */
export function sameFigure(a: Figure, b: Figure): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'date') {
    const da = a.dates ?? [];
    const db = b.dates ?? [];
    return db.every((d) => da.some((x) => x.day === d.day && x.month === d.month && (x.year === d.year || d.year === undefined)));
  }
  if (a.kind === 'vote' && a.vote !== b.vote) return false;
  if (a.kind === 'duration' && a.unit !== b.unit) return false;
  const va = (a.values ?? []).map((v) => Math.round(v * 100));
  const vb = (b.values ?? []).map((v) => Math.round(v * 100));
  if (va.length === 0 && vb.length === 0) return true;
  return va.some((v) => vb.includes(v));
}
