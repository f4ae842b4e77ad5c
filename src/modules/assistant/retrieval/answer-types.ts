/**
 * What a question asks for (hours, a date, an amount, a list of documents…) and whether a piece
 * of text holds it. French and English. Pure: the answer builder prefers the sentences and list
 * items that hold the expected type, sizes the answer by it (one sentence for a phone number, the
 * list under its heading for the documents to bring), and a question whose expected type appears
 * nowhere in what would be quoted is not answered with confidence.
 */

export const ANSWER_TYPES = [
  'hours',
  'date',
  'duration',
  'amount',
  'quantity',
  'phone',
  'email_web',
  'address',
  'place',
  'person',
  'documents',
  'steps',
  'yes_no',
  'other',
] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

/**
 * Types whose presence can be checked reliably in a sentence (a time, a date, an amount, a phone
 * number…): an answer that holds none of them does not answer the question, whatever its words.
 * Places, lists of documents, steps and yes/no answers take too many forms to be checked this way.
 */
export const CHECKABLE_TYPES: ReadonlySet<AnswerType> = new Set(['hours', 'date', 'duration', 'amount', 'quantity', 'phone', 'email_web', 'address', 'person']);

/** Lowercase, accents and ligatures folded, apostrophes straight, spaces single. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Question patterns, most specific first (on the folded question; `où` is looked for before folding). */
const QUESTION_RULES: readonly [AnswerType, RegExp][] = [
  [
    'phone',
    /\b(?:telephone|numero de tel|tel\b|telephoner|appeler|joindre par tel|phone|call\b|ring\b)|\bquel (?:est )?(?:le )?numero\b(?! (?:de (?:dossier|allocataire|fiscal|siret|siren|securite sociale|pre-demande|suivi|cerfa)))/,
  ],
  ['email_web', /\b(?:e-?mail|courriel|mail\b|adresse electronique|site (?:internet|web)|site de la|lien\b|url\b|website|web ?site|web page|online\b)/],
  ['address', /\b(?:adresse|address|ou (?:se )?(?:trouve|situe)|ou est situe|situee?s? ou|located)\b/],
  [
    'hours',
    /\b(?:horaires?|heures? d'ouverture|heures? d ouverture|quelle heure|quelles heures|a partir de quelle heure|jusqu'?\s?a quelle heure|ouvert|ouverte|ouverts|ouvertes|ouvre|ouvrent|ferme|fermee|fermes|ferment|opening|open\b|opens\b|close\b|closes\b|closing|what time|hours\b)/,
  ],
  [
    'duration',
    /\b(?:combien de (?:temps|jours|semaines|mois|annees|ans|heures|minutes)|pendant combien|en combien de temps|delai|delais|duree|how long|how many (?:days|weeks|months|years|hours))\b/,
  ],
  [
    'amount',
    /\b(?:combien (?:coute|coutent|ca coute|ca fait|faut-il payer|dois-je payer|je paie|je paye|on paie|on paye)|combien\b.*\b(?:euros?|payer|coute|coutent|paie|paye)|prix|tarifs?|cout|couts|montant|payant|gratuit|gratuite|frais|how much (?:is|are|does|do|will|would|to)|how much\b.*\b(?:cost|pay|charge)|price|prices|cost|costs|fee|fees|charge|charges|free of charge)\b/,
  ],
  [
    'quantity',
    /\b(?:combien|how many|how much|nombre de|quel(?:le)? (?:est (?:le|la) )?(?:nombre|pourcentage|part|proportion|taux|age|population|superficie|surface|taille|hauteur|longueur|largeur|distance|poids|vitesse|capacite|effectif))\b/,
  ],
  [
    'date',
    /\b(?:quand|quelle date|a quelle date|en quelle annee|quelle annee|en quel (?:mois|siecle|an)|quel siecle|quelle epoque|a quelle epoque|quel jour|quels jours|quel mois|a partir de quand|jusqu'?\s?a quand|depuis quand|date limite|dates?\b|when|what date|what day|which day|what year|which year|deadline|prochaine?s?|next)\b/,
  ],
  [
    'documents',
    /\b(?:quel(?:le)?s? (?:papiers|documents|pieces|justificatifs)|pieces? (?:justificatives?|a fournir|a apporter|demandees|necessaires)|justificatifs?|documents? (?:a fournir|a apporter|necessaires|demandes)|papiers|(?:faut-il|faut il|dois-je|doit-on|on doit) (?:apporter|fournir|presenter)|what (?:documents|papers)|which (?:documents|papers)|documents do i need|do i need to bring|need to bring|what to bring|supporting documents)\b/,
  ],
  ['person', /^(?:(?:par|a|de|avec|pour|chez) )?qui\b(?! (?:est-ce|est ce) qu)|^c'?est qui\b|\bc'?est qui\b|^who\b|\bwho (?:is|are|was|were|can|should|do|does)\b|\bwhom\b|\bquel est le nom d[ue]s? (?:maire|president|directeur|directrice|responsable|adjoint)|\bname of the (?:mayor|president|director)/],
  ['place', /^(?:d'ou|par ou|jusqu'ou|where)\b|\bwhere\b|\bdans quel(?:le)? (?:ville|pays|lieu|endroit|region|quartier|departement|commune|batiment|bureau|service)\b|\bquel(?:le)? (?:lieu|endroit|ville|pays|region|service|bureau|guichet)\b/],
  [
    'steps',
    // A wish ("je veux me débarrasser d'un canapé") or a problem to report ("un lampadaire en panne") asks what to do.
    /^(?:je veux|je voudrais|j'aimerais|je souhaite|i want to|i would like to|i'd like to)\b|\b(?:en panne|ne marche plus|ne marche pas|ne fonctionne plus|ne fonctionne pas|casse|cassee|casses|abime|abimee|fuite|deborde|is broken|not working)\b|\b(?:comment(?! (?:s'appelle|s appelle|se nomme|s'appellent|s appellent|est appele|est nomme|nomme-t-on|appelle-t-on|dit-on))|demarches?|procedure|etapes|que (?:faut-il|faut il|dois-je|doit-on|dois je|doit on) faire|how (?:do|can|should|to|does one)|steps|process to|procedure to)\b/,
  ],
  [
    'yes_no',
    /^(?:est-ce que|est-ce qu'|est ce que|est ce qu'|(?:peut|peuvent|peux|puis|puis-je|dois|doit|doivent|faut|faut-il|ai|a|avons|avez|sont|est|suis|es|etes|sommes|y a-t-il|existe-t-il)[- ](?:je|tu|il|elle|on|nous|vous|ils|elles|t-il|t-elle|t-on)\b|is|are|can|could|do|does|did|must|should|may|am|will|shall|have|has)\b|\b(?:a|ai|as|avons|avez|ont)[- ]?(?:on|je|tu|nous|vous|ils)? ?le droit\b|\bobligatoire\b|\binterdit\b|\bautorise\b|\bpossible\b|\bfaut(?:-|\s)il\b|\bdoit(?:-|\s)il\b|\bdois(?:-|\s)je\b/,
  ],
];

/** Interrogative words that make a question something else than yes/no. */
const WH_WORD = /\b(?:quel|quelle|quels|quelles|quand|comment|combien|pourquoi|qui|que|quoi|ou|what|which|when|how|why|who|where)\b/;

/** The type of answer a question expects, or 'other'. */
export function detectAnswerType(question: string): AnswerType {
  const lower = question.normalize('NFKC').toLowerCase();
  const q = fold(question);
  for (const [type, re] of QUESTION_RULES) {
    if (type === 'place') {
      // "où" loses its accent when folded and becomes "ou" (or): look for it before folding.
      if (/(?:^|[^\p{L}])où(?:[^\p{L}]|$)/u.test(lower) || /\bc'?\s?est ou\s*\??$/.test(q) || re.test(q)) return 'place';
      continue;
    }
    if (type === 'yes_no') {
      if (re.test(q) && !(new RegExp(`^(?:${WH_WORD.source})`).test(q))) return 'yes_no';
      continue;
    }
    if (re.test(q)) return type;
  }
  return 'other';
}

/**
 * The interrogative frame of a question: the words that say what kind of answer is wanted ("à
 * partir de quelle heure", "combien de temps", "que faut-il faire", "how much", "in what year"),
 * not what the question is about. The answer type carries them; as search words they match
 * passages that happen to say "heure", "temps" or "il faut faire" and dilute the words that
 * matter. Matched on the folded question.
 */
const QUESTION_FRAME = new RegExp(
  [
    // A time, a date, a period: "à partir de quelle heure", "en quelle année", "quel jour".
    String.raw`\b(?:(?:a partir d[e']|jusqu'?\s?a|vers|avant|apres|en|a|dans|de|pour|depuis|pendant) ?)?quel(?:le)?s? (?:heures?|annees?|ans?|mois|siecles?|dates?|jours?|epoques?|periodes?|saisons?|semaines?)\b`,
    // A duration or a count of units: "combien de temps", "en combien de jours", "combien de fois".
    String.raw`\b(?:(?:en|pendant|dans|depuis|il y a) )?combien de (?:temps|jours|semaines|mois|annees|ans|heures|minutes|fois)\b`,
    // A price: "combien ça coûte", "combien faut-il payer".
    String.raw`\bcombien (?:ca |cela )?(?:coute|coutent|faut-il payer|faut il payer|dois-je payer|dois je payer)\b`,
    // How to: "comment faire", "comment on fait", "comment procéder".
    String.raw`\bcomment (?:faire|fait-on|fait on|on fait|proceder|s'y prendre)\b`,
    // What to do: "que faut-il faire", "qu'est-ce qu'il faut faire", "que dois-je faire".
    String.raw`\b(?:que|qu'est-ce qu'il|qu'est ce qu'il|quoi) (?:faut-il|faut il|faut|dois-je|dois je|doit-on|doit on|peut-on|peut on|puis-je|puis je|on doit|je dois) faire\b`,
    // Yes/no frames: "faut-il", "est-il obligatoire de", "ai-je le droit de".
    String.raw`\b(?:faut-il|faut il|est-il (?:obligatoire|possible|necessaire)|(?:a|ai|as|avons|avez|ont)[- ](?:t-on|on|je|tu|nous|vous|ils) le droit)\b`,
    // English: "how much", "how long", "how many days", "what time", "in what year", "what should I do".
    String.raw`\b(?:how (?:much|long|many (?:days|weeks|months|years|hours|times))|what time|(?:in |on )?(?:what|which) (?:year|day|days|date|month|time)|what (?:should|do|must) (?:i|we) do)\b`,
  ].join('|'),
  'g',
);

/** The interrogative frames of a question ("à partir de quelle heure", "combien de temps"), folded; empty when it has none. */
export function questionFrames(question: string): string[] {
  return [...fold(question).matchAll(QUESTION_FRAME)].map((m) => m[0]);
}

const WEEKDAY = /\b(?:lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?|week-?ends?|jours? feries?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?)\b/;
const MONTH = /\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|janv|fevr|avr|juil|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\b/;
const TIME = /\b(?:[01]?\d|2[0-3]) ?(?:h|heures?)(?: ?[0-5]\d)?\b|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\b(?:[1-9]|1[0-2]) ?(?:am|pm)\b|\bmidi\b|\bminuit\b|\b24 ?h ?\/ ?24\b/;
const YEAR = /\b(?:1[0-9]{3}|20[0-9]{2})\b/;
const NUMERIC_DATE = /\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b/;
const CENTURY = /\b(?:[ivxlc]+e|[ivxlc]+eme|\d{1,2}e|\d{1,2}eme) siecles?\b|\bsiecles?\b/;
const SPELLED_NUMBER = /\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|cents|mille|million|millions|milliard|milliards|dizaines?|centaines?|milliers?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|million)\b/;
const DIGIT = /\d/;
const DURATION = new RegExp(
  `(?:\\d+(?:[.,]\\d+)?|${SPELLED_NUMBER.source.slice(2, -2)}|un|une|a|an|one) ?(?:jours?|semaines?|mois|ans|annees?|heures?|h|minutes?|min|days?|weeks?|months?|years?|hours?)\\b|\\b(?:delai|duree|sous huitaine|sous quinzaine|dans la journee|immediatement|le jour meme|within)\\b`,
);
const MONEY = /\d(?:[\d  .]*\d)?(?:,\d+)? ?(?:€|euros?|eur\b|centimes?)|€ ?\d|\b(?:gratuit|gratuite|gratuits|gratuites|free of charge|free)\b/;
const PHONE = /(?:\+33 ?|\b0)[1-9](?:[ .-]?\d{2}){4}\b|\+\d{2,3}(?:[ .-]?\d{1,4}){3,5}\b/;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(?:fr|com|org|net|eu|gouv\.fr)\b/;
const ONLINE = /\b(?:en ligne|portail|site internet|site web|espace famille|teleservice|formulaire en ligne|online)\b/;
const STREET = /\b(?:rue|avenue|av\.|boulevard|bd|place|allee|impasse|chemin|route|quai|cours|square|esplanade|passage|villa|parvis|rond-point|sentier)\b/;
const ADDRESS = new RegExp(`\\b\\d{1,4}(?: ?(?:bis|ter))?,? ${STREET.source.slice(2)}|\\b\\d{5}\\b`);
const PLACE_NOUN = /\b(?:mairie|hotel de ville|mairies? annexes?|accueil|guichet|service|bureau|centre|maison|espace|salle|prefecture|sous-prefecture|tribunal|commissariat|poste|ecole|gymnase|stade|parc|cimetiere|decheterie|mediatheque|piscine|agence|antenne|local|locaux|site|portail)\b/;
/** Raw text (case matters for the name that follows): "M. Martin", "Mme Durand", "Docteur Petit". */
const TITLE = /(?:^|[^\p{L}])(?:[Mm]\.|[Mm]mes?|[Mm]lle|[Mm]onsieur|[Mm]adame|[Mm]ademoiselle|[Dd]r|[Dd]octeur|[Mm]a[iî]tre|[Pp]r)\s+\p{Lu}/u;
/** A role and the name of who holds it: "le maire, Jean Dupont". */
const ROLE_NAME =
  /(?:^|[^\p{L}])(?:[Mm]aire|[Aa]djointe?|[Pp]r[ée]sidente?|[Dd]irect(?:eur|rice)|[Rr]esponsable|[Cc]onseill[eè]re?|[ÉéEe]lue?|[Dd][ée]l[ée]gu[ée]e?|[Ss]ecr[ée]taire|[Mm]ayor|[Dd]irector|[Hh]ead)(?![\p{L}]),?\s+(?:(?:M\.|Mme|Monsieur|Madame)\s+)?\p{Lu}\p{Ll}+\s+\p{Lu}/u;
const FIRST_LAST = /\b\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s+\p{Lu}{2,}\b/u;
const CAPITALISED_INSIDE = /[\p{Ll},;:]\s+(?:d[eu']\s*|de la\s+|van\s+|von\s+)?\p{Lu}\p{Ll}+/u;
const DOCUMENT_WORDS = /\b(?:justificatifs?|pieces? (?:d'identite|justificatives?)|piece|acte|actes|livret de famille|carte (?:d'identite|nationale|vitale|de sejour|grise)|passeport|attestation|attestations|avis d'imposition|avis de taxe|facture|factures|copie|copies|certificat|certificats|formulaire|formulaires|cerfa|photo|photos|photographies?|rib|quittance|quittances|justificatif de domicile|bail|jugement|extrait|extraits|dossier|documents?)\b/;
const STEP_WORDS = /\b(?:d'abord|ensuite|puis|enfin|apres|premiere etape|etape|remplissez|remplir|deposez|deposer|prenez|prendre rendez-vous|rendez-vous|connectez-vous|envoyez|presentez-vous|rendez-vous|adressez|telechargez|completez|signez|inscrivez-vous|demande)\b/;
/** What rules say: an obligation, a permission, a ban ("jamais" or "uniquement" alone say none). */
const YES_NO_WORDS =
  /\b(?:obligatoire|obligatoires|interdit|interdite|interdits|interdites|interdiction|autorise|autorisee|autorises|autorisees|autorisation|permis|possible|impossible|pas besoin|doit|doivent|il faut|est tenu|sont tenus|tenue? en laisse|soumis|soumise|exempte|dispense|tolere|toleree|necessaire|necessaires|requis|requise|allowed|forbidden|must|mandatory|required)\b/;

/**
 * How strongly a piece of text (a sentence, a list item, a table row) holds an answer of the
 * given type: 1 when it plainly does (a time range for hours, an amount in euros, a phone
 * number), 0.5 for weaker signs (a day of the week for hours, a capitalised name for a person),
 * 0 otherwise. `listItem` tells that the text is an item of a list (documents and steps are lists).
 */
export function typeEvidence(text: string, type: AnswerType, opts: { listItem?: boolean; numbered?: boolean } = {}): number {
  if (type === 'other') return 0;
  const raw = text.normalize('NFKC');
  const t = fold(text);
  switch (type) {
    case 'hours':
      if (TIME.test(t)) return 1;
      return WEEKDAY.test(t) ? 0.5 : 0;
    case 'date':
      if ((MONTH.test(t) && /\d/.test(t)) || NUMERIC_DATE.test(t) || YEAR.test(t) || CENTURY.test(t)) return 1;
      if (WEEKDAY.test(t) || MONTH.test(t)) return 1;
      return /\b(?:avant le|apres le|au plus tard|a partir du|jusqu'au|chaque annee|chaque mois|tous les|toutes les)\b/.test(t) ? 0.5 : 0;
    case 'duration':
      return DURATION.test(t) ? 1 : 0;
    case 'amount':
      if (MONEY.test(t)) return 1;
      return /\b(?:tarifs?|prix|quotient familial)\b/.test(t) && DIGIT.test(t) ? 0.5 : 0;
    case 'quantity': {
      // Numbers that are a phone number, a street number, a time or a year count nothing.
      const counted = t.replace(PHONE, ' ').replace(new RegExp(ADDRESS.source, 'g'), ' ').replace(new RegExp(TIME.source, 'g'), ' ').replace(new RegExp(YEAR.source, 'g'), ' ');
      if (DIGIT.test(counted) || SPELLED_NUMBER.test(counted)) return 1;
      return /\b(?:plusieurs|quelques|nombreux|nombreuses|aucun|aucune|la plupart|majorite)\b/.test(t) ? 0.5 : 0;
    }
    case 'phone':
      return PHONE.test(t) ? 1 : 0;
    case 'email_web':
      if (EMAIL.test(raw) || URL.test(t)) return 1;
      return ONLINE.test(t) ? 0.5 : 0;
    case 'address':
      if (ADDRESS.test(t)) return 1;
      return STREET.test(t) && /\p{Lu}/u.test(raw) ? 0.5 : 0;
    case 'place':
      if (ADDRESS.test(t)) return 1;
      if (PLACE_NOUN.test(t) || CAPITALISED_INSIDE.test(raw)) return 0.5;
      return 0;
    case 'person':
      if (TITLE.test(raw) || ROLE_NAME.test(raw) || FIRST_LAST.test(raw)) return 1;
      return CAPITALISED_INSIDE.test(raw) ? 0.5 : 0;
    case 'documents':
      if (DOCUMENT_WORDS.test(t)) return opts.listItem ? 1 : 0.5;
      return opts.listItem ? 0.5 : 0;
    case 'steps':
      if (opts.numbered) return 1;
      return STEP_WORDS.test(t) || opts.listItem ? 0.5 : 0;
    case 'yes_no':
      return YES_NO_WORDS.test(t) ? 1 : 0;
  }
}

/** Section headings and list labels that announce an answer of each type ("Horaires", "Pièces à fournir", "Comment faire ?"). */
const SECTION_RULES: Partial<Record<AnswerType, RegExp>> = {
  hours: /\b(?:horaires?|heures? d'ouverture|ouverture|opening hours|hours)\b/,
  date: /\b(?:quand|calendrier|dates?|delais?|periodes?|echeances?|jours? de collecte|when|dates?)\b/,
  duration: /\b(?:delais?|duree|combien de temps|how long)\b/,
  amount: /\b(?:tarifs?|prix|couts?|redevances?|montants?|frais|facturation|gratuite|prices?|fees?|costs?)\b/,
  phone: /\b(?:contact|contacts|coordonnees|nous joindre|telephone)\b/,
  email_web: /\b(?:contact|contacts|coordonnees|nous joindre|en ligne|site)\b/,
  address: /\b(?:contact|contacts|coordonnees|adresses?|acces|plan d'acces|nous trouver)\b/,
  place: /^ou\b|\b(?:ou \?|lieux?|adresses?|acces|se rendre|consulter)\b/,
  person: /\bqui\b|\b(?:interlocuteurs?|responsables?|elus?|who)\b/,
  documents: /\b(?:pieces|justificatifs?|documents?|papiers|dossier|a fournir|a apporter|a presenter|what to bring)\b/,
  steps: /\b(?:comment|demarches?|procedures?|etapes?|faire (?:la|sa|une) demande|s'inscrire|inscription|reserver|reservation|deposer|how to|steps)\b/,
  yes_no: /\b(?:interdits?|interdiction|obligatoires?|obligations?|regles?|reglementation|autorisations?|conditions?)\b/,
};

/** Whether a section heading or list label announces an answer of the given type (1) or not (0). */
export function sectionEvidence(heading: string | null | undefined, type: AnswerType): number {
  const rule = SECTION_RULES[type];
  if (!heading || !rule) return 0;
  return rule.test(fold(heading)) ? 1 : 0;
}

/** The types a section heading or list label announces ("Tarifs" → amount, "Qui peut demander ?" → person). */
export function announcedTypes(heading: string | null | undefined): AnswerType[] {
  if (!heading) return [];
  const h = fold(heading);
  return (Object.entries(SECTION_RULES) as [AnswerType, RegExp][]).filter(([, re]) => re.test(h)).map(([t]) => t);
}

