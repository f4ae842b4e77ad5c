import { describe, expect, it } from 'vitest';
import { announcedTypes, detectAnswerType, questionFrames, sectionEvidence, typeEvidence, type AnswerType } from './answer-types.js';

describe('detectAnswerType', () => {
  const cases: [string, AnswerType][] = [
    // hours and days
    ['Quels sont les horaires de la mairie ?', 'hours'],
    ['garderie du soir jusqu a quelle heure', 'hours'],
    ['la mairie est ouverte le samedi ?', 'hours'],
    ['à partir de quelle heure on peut tondre le dimanche', 'hours'],
    ['What are the town hall opening hours?', 'hours'],
    ['What time does the swimming pool open on Sunday?', 'hours'],
    // dates and deadlines
    ['prochain conseil municipal c est quand', 'date'],
    ['quel jour passe la poubelle jaune', 'date'],
    ['En quelle année le château a-t-il été construit ?', 'date'],
    ['When is the bin collection?', 'date'],
    ['What is the deadline to register?', 'date'],
    // durations
    ['mon bébé est né hier, on a combien de temps pour le déclarer', 'duration'],
    ['Quel est le délai pour obtenir un passeport ?', 'duration'],
    ['How long does it take to get a passport?', 'duration'],
    // amounts and prices
    ['combien coute la cantine pour un QF de 800 euros', 'amount'],
    ['prix carte résident stationement', 'amount'],
    ['How much is school lunch?', 'amount'],
    ['What is the fee for a resident parking permit?', 'amount'],
    // quantities
    ['combien de livres on peut emprunter à la bibliothèque', 'quantity'],
    ['How many books can I borrow?', 'quantity'],
    // phone, e-mail and web
    ['quel est le numéro de téléphone de la piscine', 'phone'],
    ['What is the phone number of the town hall?', 'phone'],
    ['quelle est l’adresse mail du service état civil', 'email_web'],
    ['What is the website of the library?', 'email_web'],
    // addresses and places
    ["quelle est l'adresse de la médiathèque", 'address'],
    ['Where is the recycling centre located?', 'address'],
    ['où consulter le PLU', 'place'],
    ['rdv carte d identité c est ou', 'place'],
    ['Where can I vote?', 'place'],
    // documents to bring
    ['inscription ecole maternelle pour la rentrée, quels papiers ?', 'documents'],
    ['quels justificatifs pour une carte de résident', 'documents'],
    ['What documents do I need to bring for a passport?', 'documents'],
    // steps of a procedure
    ['comment faire une demande de HLM', 'steps'],
    ['mon père est décédé, que faut-il faire', 'steps'],
    ['How do I register the birth of my baby?', 'steps'],
    // yes / no
    ['mon chien doit-il être tenu en laisse dans le parc ?', 'yes_no'],
    ['on a le droit de bruler les feuilles dans le jardin ?', 'yes_no'],
    ['un agent recenseur est passé, c est obligatoire de répondre ?', 'yes_no'],
    ['Can I burn leaves in my garden?', 'yes_no'],
    // who
    ['Qui est le maire ?', 'person'],
    ['Par qui est produit son deuxième album ?', 'person'],
    ['Who is the mayor?', 'person'],
    // other
    ['livraison de repas pour ma mère agée', 'other'],
    ['Comment s’appelle le parc ?', 'other'],
    ['I lost my keys in the street', 'other'],
  ];
  it.each(cases)('%s → %s', (question, type) => {
    expect(detectAnswerType(question)).toBe(type);
  });

  it('does not take the relative "qui" of a question for a question about someone', () => {
    expect(detectAnswerType("Qu'est-ce qui justifie ce classement ?")).not.toBe('person');
    expect(detectAnswerType('Quel est le service qui délivre les actes ?')).not.toBe('person');
  });
});

describe('typeEvidence', () => {
  it('finds hours in a time range, and only a weaker sign in a day name', () => {
    expect(typeEvidence('Du lundi au vendredi : de 8 h 30 à 17 h 30.', 'hours')).toBe(1);
    expect(typeEvidence('Ouvert de 9h à 12h30', 'hours')).toBe(1);
    expect(typeEvidence('La collecte a lieu le mardi.', 'hours')).toBe(0.5);
    expect(typeEvidence("L'hôtel de ville est équipé d'une boucle magnétique.", 'hours')).toBe(0);
  });

  it('finds dates, deadlines and days', () => {
    expect(typeEvidence('Les inscriptions sont ouvertes du 5 janvier au 13 mars 2026.', 'date')).toBe(1);
    expect(typeEvidence('Emballages : jeudi', 'date')).toBe(1);
    expect(typeEvidence('La déclaration est faite au plus tard le 6e vendredi.', 'date')).toBe(1);
    expect(typeEvidence('Les animateurs sont diplômés.', 'date')).toBe(0);
  });

  it('finds durations', () => {
    expect(typeEvidence('La déclaration doit être faite dans les 5 jours.', 'duration')).toBe(1);
    expect(typeEvidence('Comptez 3 à 6 semaines.', 'duration')).toBe(1);
    expect(typeEvidence('Le service est au 1er étage.', 'duration')).toBe(0);
  });

  it('finds amounts in euros, free of charge included', () => {
    expect(typeEvidence('Prix du repas : 2,90 €', 'amount')).toBe(1);
    expect(typeEvidence('Abonnement : 360 euros par an', 'amount')).toBe(1);
    expect(typeEvidence('La délivrance est gratuite.', 'amount')).toBe(1);
    expect(typeEvidence('Le tarif dépend du quotient familial.', 'amount')).toBe(0);
  });

  it('counts quantities, not phone numbers, street numbers, times or years', () => {
    expect(typeEvidence('Jusqu’à 15 documents pour 4 semaines.', 'quantity')).toBe(1);
    expect(typeEvidence('Médiathèque, 20, avenue des Arts. Téléphone : 01 99 00 10 80.', 'quantity')).toBe(0);
    expect(typeEvidence('Ouvert de 9 h à 12 h depuis 2019.', 'quantity')).toBe(0);
  });

  it('finds phone numbers, e-mail and web addresses, street addresses', () => {
    expect(typeEvidence('Téléphone : 01 99 00 10 85.', 'phone')).toBe(1);
    expect(typeEvidence('Appelez le +33 1 99 00 10 85', 'phone')).toBe(1);
    expect(typeEvidence('Un rendez-vous par personne.', 'phone')).toBe(0);
    expect(typeEvidence('Courriel : piscine@demo.beffroi.fr.', 'email_web')).toBe(1);
    expect(typeEvidence('Sur service-public.fr, rubrique « Élections ».', 'email_web')).toBe(1);
    expect(typeEvidence('En ligne sur le portail de la ville.', 'email_web')).toBe(0.5);
    expect(typeEvidence('Médiathèque, 20, avenue des Arts.', 'address')).toBe(1);
    expect(typeEvidence('1, place de l’Hôtel-de-Ville, 94300 Vincennes.', 'address')).toBe(1);
    expect(typeEvidence('Le service est fermé le lundi.', 'address')).toBe(0);
  });

  it('finds people by a title, a role followed by a name, or a first name and a capitalised surname', () => {
    expect(typeEvidence('Le maire, Jean Dupont, préside la séance.', 'person')).toBe(1);
    expect(typeEvidence('Contactez Mme Martin au service.', 'person')).toBe(1);
    expect(typeEvidence('Permanence de Claire DURAND le mardi.', 'person')).toBe(1);
    expect(typeEvidence("L'hôtel de ville est équipé d'une boucle magnétique.", 'person')).toBe(0);
    expect(typeEvidence('Pendant les vacances d’été, les mairies annexes ferment le samedi.', 'person')).toBe(0);
  });

  it('finds documents in list items, steps in numbered items, yes/no answers in rules', () => {
    expect(typeEvidence('Un justificatif de domicile de moins de 3 mois.', 'documents', { listItem: true })).toBe(1);
    expect(typeEvidence('Un justificatif de domicile de moins de 3 mois.', 'documents')).toBe(0.5);
    expect(typeEvidence('Présentez-vous au service État civil.', 'steps', { listItem: true, numbered: true })).toBe(1);
    expect(typeEvidence('Il est interdit de brûler les déchets verts.', 'yes_no')).toBe(1);
    expect(typeEvidence('Les sapins sont broyés.', 'yes_no')).toBe(0);
  });

  it('finds nothing for questions of no particular type', () => {
    expect(typeEvidence('Du lundi au vendredi : de 8 h 30 à 17 h 30.', 'other')).toBe(0);
  });
});

describe('section headings', () => {
  it('tell which type of answer a section holds', () => {
    expect(sectionEvidence('Comment faire la demande ?', 'steps')).toBe(1);
    expect(sectionEvidence('Pièces à fournir', 'documents')).toBe(1);
    expect(sectionEvidence('Tarifs résidents', 'amount')).toBe(1);
    expect(sectionEvidence('Horaires en période scolaire', 'hours')).toBe(1);
    expect(sectionEvidence('Dans quel délai ?', 'duration')).toBe(1);
    expect(sectionEvidence('Contact', 'phone')).toBe(1);
    expect(sectionEvidence('Jardin du souvenir', 'steps')).toBe(0);
    expect(sectionEvidence(null, 'steps')).toBe(0);
    expect(announcedTypes('Qui peut demander un acte ?')).toEqual(['person']);
    expect(announcedTypes('Accessibilité')).toEqual([]);
  });
});

describe('questionFrames', () => {
  it('finds the words that say what kind of answer is wanted, in French and English', () => {
    expect(questionFrames('à partir de quelle heure on peut tondre le dimanche')).toEqual(['a partir de quelle heure']);
    expect(questionFrames('mon bébé est né hier, on a combien de temps pour le déclarer')).toEqual(['combien de temps']);
    expect(questionFrames('mon père est décédé, que faut-il faire')).toEqual(['que faut-il faire']);
    expect(questionFrames('En quelle année le château a-t-il été construit ?')).toEqual(['en quelle annee']);
    expect(questionFrames('comment faire une demande de carte grise')).toEqual(['comment faire']);
    expect(questionFrames('How long does it take to get a passport?')).toEqual(['how long']);
    expect(questionFrames('What time does the swimming pool open?')).toEqual(['what time']);
  });

  it('leaves the words of the subject alone', () => {
    expect(questionFrames('Quels sont les horaires de la mairie ?')).toEqual([]);
    expect(questionFrames('prix carte résident stationnement')).toEqual([]);
  });
});
