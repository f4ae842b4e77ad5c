/**
 * A small hand-written consultation with obvious themes (cycling, school canteen, street
 * lighting), one contribution against the cycling majority and two that stand alone. Used by
 * the tests; small enough to read.
 */
import type { Contribution } from './types';

const raw: [string, string, string | null, string | null][] = [
  // cycling
  ['v1', 'Il faut plus de pistes cyclables sécurisées pour aller au travail à vélo.', 'Centre', '30-44'],
  ['v2', 'Je propose une piste cyclable continue le long de l’avenue, le vélo y est dangereux.', 'Centre', '18-29'],
  ['v3', 'Les pistes cyclables s’arrêtent brusquement : il faudrait les relier entre elles pour les vélos.', 'Nord', '30-44'],
  ['v4', 'Plus de stationnements vélo près de la gare et une vraie piste cyclable jusqu’au lycée.', 'Gare', '18-29'],
  ['v5', 'Je souhaite des pistes cyclables séparées des voitures, mes enfants vont à l’école à vélo.', 'Nord', '30-44'],
  ['v6', 'Je suis contre les nouvelles pistes cyclables : le vélo prend la place du stationnement des voitures.', 'Sud', '60+'],
  ['v7', 'Une piste cyclable rue Victor-Hugo rendrait le vélo plus sûr pour les collégiens.', 'Centre', '45-59'],
  // school canteen
  ['c1', 'La cantine devrait proposer des repas bio et locaux aux enfants.', 'Nord', '30-44'],
  ['c2', 'Les repas de la cantine sont trop souvent froids, il faut revoir le prestataire.', 'Sud', '30-44'],
  ['c3', 'Je demande un repas végétarien par semaine à la cantine scolaire.', 'Centre', '18-29'],
  ['c4', 'Le prix du repas à la cantine a augmenté de 12 % cette année, c’est trop pour les familles.', 'Gare', '45-59'],
  ['c5', 'À la cantine, les enfants n’ont que vingt minutes pour finir leur repas.', 'Nord', '30-44'],
  ['c6', 'Il faudrait moins de gaspillage à la cantine : des repas mieux dosés.', 'Sud', '45-59'],
  // street lighting
  ['e1', 'L’éclairage public est éteint dans ma rue, un lampadaire est en panne depuis un mois.', 'Sud', '60+'],
  ['e2', 'Il faut réparer les lampadaires du parc, le soir on ne voit rien sans éclairage.', 'Gare', '18-29'],
  ['e3', 'Un éclairage plus économe : des lampadaires à LED qui baissent la nuit.', 'Centre', '45-59'],
  ['e4', 'Le passage sous la voie ferrée manque d’éclairage, un lampadaire de plus rassurerait.', 'Gare', '60+'],
  ['e5', 'Les lampadaires de l’avenue éblouissent, cet éclairage est trop fort.', 'Nord', '30-44'],
  ['e6', 'Éteindre l’éclairage des lampadaires entre 1 h et 5 h ferait des économies.', 'Sud', '45-59'],
  // standing alone
  ['x1', 'Merci aux agents des espaces verts pour le fleurissement du cimetière.', 'Nord', '60+'],
  ['x2', 'Pourquoi la médiathèque ferme-t-elle le dimanche ?', null, null],
];

export const SAMPLE_CONTRIBUTIONS: readonly Contribution[] = raw.map(([id, text, district, ageBand]) => ({ id, text, district, ageBand }));
