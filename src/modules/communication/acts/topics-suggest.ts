/**
 * Topics suggested for an act from the words of its subject and summary, for the agent to confirm
 * (the default topic ids of `topics.ts`; a commune's own ids are never suggested). Pure.
 */
const KEYWORDS: Record<string, RegExp> = {
  urbanisme: /(?<![\p{L}\p{N}])(?:urbanisme|plan local d['’]urbanisme|PLU|permis de construire|logements?|habitat|foncier|cession|acquisition|terrain|parcelle|am[ée]nagement)(?![\p{L}\p{N}])/iu,
  'travaux-voirie': /(?<![\p{L}\p{N}])(?:travaux|voirie|chauss[ée]e|trottoirs?|r[ée]fection|requalification|march[ée] (?:de travaux|public|n°)|avenant)(?![\p{L}\p{N}])/iu,
  mobilite: /(?<![\p{L}\p{N}])(?:transports?|mobilit[ée]|tramway|bus|v[ée]lo|cyclables?|stationnement|d[ée]placements?)(?![\p{L}\p{N}])/iu,
  environnement: /(?<![\p{L}\p{N}])(?:environnement|propret[ée]|d[ée]chets|espaces? verts?|arbres?|climat|[ée]nergie|d[ée]veloppement durable|biodiversit[ée]|graffitis)(?![\p{L}\p{N}])/iu,
  education: /(?<![\p{L}\p{N}])(?:[ée]coles?|scolaires?|enfance|jeunesse|cr[èe]ches?|p[ée]riscolaire|cantine|restauration scolaire|coll[èe]ge|lyc[ée]e)(?![\p{L}\p{N}])/iu,
  solidarite: /(?<![\p{L}\p{N}])(?:solidarit[ée]|sant[ée]|CCAS|action sociale|handicap|seniors?|personnes? [âa]g[ée]es|humanitaire)(?![\p{L}\p{N}])/iu,
  culture: /(?<![\p{L}\p{N}])(?:culture|culturel(?:le)?s?|patrimoine|mus[ée]es?|biblioth[èe]que|m[ée]diath[èe]que|th[ée][âa]tre|festival|concert)(?![\p{L}\p{N}])/iu,
  sport: /(?<![\p{L}\p{N}])(?:sports?|sporti(?:f|ve)s?|stade|gymnase|piscine)(?![\p{L}\p{N}])/iu,
  associations: /(?<![\p{L}\p{N}])(?:associations?|associati(?:f|ve)|subventions?)(?![\p{L}\p{N}])/iu,
  securite: /(?<![\p{L}\p{N}])(?:s[ée]curit[ée]|police municipale|tranquillit[ée]|vid[ée]oprotection)(?![\p{L}\p{N}])/iu,
  economie: /(?<![\p{L}\p{N}])(?:commerces?|commer[çc]ants?|[ée]conomi(?:e|que)|march[ée]s? forains?|emploi|entreprises?)(?![\p{L}\p{N}])/iu,
  finances: /(?<![\p{L}\p{N}])(?:budg[ée]t(?:aire)?|finances?|comptes? administratifs?|taux|imp[ôo]ts?|emprunts?|garantie|tarifs?|d[ée]bat d['’]orientation)(?![\p{L}\p{N}])/iu,
  institutions: /(?<![\p{L}\p{N}])(?:conseil municipal|[ée]lections?|[ée]lus?|d[ée]l[ée]gations?|d[ée]signation|commissions?|indemnit[ée]s?|repr[ée]sentants?|adjoints?|maire)(?![\p{L}\p{N}])/iu,
  participation: /(?<![\p{L}\p{N}])(?:concertation|consultation|participati(?:on|ve)|conseils? de quartier|budget participatif)(?![\p{L}\p{N}])/iu,
};

export function suggestTopics(text: string, max = 3): string[] {
  const scored = Object.entries(KEYWORDS)
    .map(([id, re]) => ({ id, n: (text.match(new RegExp(re.source, 'giu')) ?? []).length }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  return scored.slice(0, max).map((x) => x.id);
}
