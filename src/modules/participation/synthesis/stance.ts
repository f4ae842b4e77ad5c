/**
 * Stance cues in French: the words by which a contribution says it is for or against what it
 * talks about ("je suis contre", "inutile", "pas besoin", "non à" / "il faut", "je propose",
 * "favorable"). Deliberately a short, readable list rather than a model: it flags a contribution
 * only with the words that triggered it (shown to the reader), and it misses irony, implicit
 * disagreement and stances expressed by the topic itself ("moins de voitures" in a theme about
 * parking). It serves to surface minority views inside a theme, never to count opinions.
 */
import type { Stance } from './types';

interface Cue {
  stance: Stance;
  pattern: RegExp;
}

// Apostrophes: typewriter and typographic.
const AP = "['’]";

/**
 * A case-insensitive pattern between word boundaries. JavaScript's \b only knows ASCII letters
 * ("opposée" would never end on one), hence explicit lookarounds on Unicode letters and digits.
 */
function words(source: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Cues in priority order: negated forms first, so that "pas contre" is not read as "contre". */
const CUES: Cue[] = [
  { stance: 'for', pattern: words('(?:pas|plus|rien) contre') },
  { stance: 'against', pattern: words(`pas (?:du tout |vraiment |très )?(?:favorables?|d${AP}accord|nécessaires?|utiles?|prioritaires?|besoin|une bonne idée)`) },
  { stance: 'against', pattern: words(`n${AP}(?:est|était|a|ont) (?:aucune? (?:intérêt|sens|utilité)|pas (?:nécessaire|utile|prioritaire|une bonne idée))`) },
  { stance: 'against', pattern: words('ne (?:sert|servent|servira) (?:à|a) rien') },
  { stance: 'against', pattern: words(`(?:ne |n${AP})(?:veux|voulons|veulent|souhaite|souhaitons|souhaitent) (?:surtout )?pas`) },
  // "par contre" means "on the other hand"; "contre-allée", "contresens" are words of their own.
  { stance: 'against', pattern: words('(?<!par )contre(?!-)') },
  { stance: 'against', pattern: words('opposée?s?|défavorables?|hostiles?|inutiles?|absurdes?|aberrante?s?') },
  { stance: 'against', pattern: words('non (?:à|au|aux)') },
  { stance: 'against', pattern: words('refuse|refusons|refusent|arrêtez|stop à') },
  { stance: 'for', pattern: words('(?:je suis|nous sommes|on est) pour') },
  { stance: 'for', pattern: words(`favorables?|d${AP}accord|oui (?:à|au|aux)|bonne idée|excellente idée|très bien|j${AP}approuve|je soutiens|nous soutenons`) },
  { stance: 'for', pattern: words('il faut|il faudrait|je propose|nous proposons|je souhaite|nous souhaitons|je demande|nous demandons') },
  { stance: 'for', pattern: words('plus de|davantage de|besoin de|manque de') },
];

export interface StanceCue {
  stance: Stance;
  start: number;
  end: number;
}

/**
 * The contribution's stance from its cues: the side with more cues wins (a tie is no stance),
 * and the first cue of that side is returned with its offsets in the text.
 */
export function detectStance(text: string): StanceCue | null {
  const found: StanceCue[] = [];
  const covered: [number, number][] = [];
  for (const cue of CUES) {
    cue.pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = cue.pattern.exec(text)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      // A negated cue owns its words: "pas contre" must not also count as "contre".
      if (covered.some(([s, e]) => start < e && s < end)) continue;
      covered.push([start, end]);
      found.push({ stance: cue.stance, start, end });
    }
  }
  const forCount = found.filter((c) => c.stance === 'for').length;
  const againstCount = found.length - forCount;
  if (forCount === againstCount) return null;
  const side: Stance = forCount > againstCount ? 'for' : 'against';
  return found.filter((c) => c.stance === side).sort((a, b) => a.start - b.start)[0] ?? null;
}
