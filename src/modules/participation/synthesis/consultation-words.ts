/**
 * Words the French analyzer keeps (in a document they can carry meaning) but that, in residents'
 * contributions, say how people ask rather than what they ask about: quantity and frequency
 * adverbs ("plus", "trop"), verbs of asking and proposing ("il faut", "je propose"), politeness,
 * and the generic words of an address ("rue", "avenue"). Left in, they link "il faut plus de
 * pistes cyclables" to "il faut plus d'éclairage". They are dropped before weighting and never
 * make a label. Folded forms (lowercase, no accents), as the analyzer's `form`.
 */
export const CONSULTATION_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'plus moins trop tres bien mal peu beaucoup assez tant autant aussi encore toujours jamais souvent parfois deja ' +
    'rien tout tous toute toutes chose choses faut faudrait falloir fait faire font ferait doit doivent devrait devraient ' +
    'pouvoir peuvent pourrait pourraient veux voudrais voulons souhaite souhaitons souhaiterais souhaiterait propose proposons ' +
    'proposer demande demandons demander merci bonjour svp oui non ici vraiment surtout notamment cas fois ' +
    'rue rues avenue avenues boulevard'
  ).split(/\s+/),
);
