/**
 * The open-data conversations of The Computational Democracy Project are under CC BY 4.0: this
 * line must accompany them (or anything derived from them) wherever they are shown or shared.
 */
export const POLIS_OPEN_DATA_ATTRIBUTION =
  'Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed under CC BY 4.0 with ' +
  'Attribution to The Computational Democracy Project. The data and more information about how the data was ' +
  'collected can be found at github.com/compdemocracy/openData.';
