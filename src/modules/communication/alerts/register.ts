/** The alerts part's entry in the public algorithm register: the automated matching and delivery of alerts. */
import { describeRetention, retentionForEntry } from '../../../platform/privacy/retention';
import type { RegisterContext, RegisterEntry } from '../../../platform/register/types';
import { DIGEST_HOUR_PARIS, MAX_ATTEMPTS } from './core';

export const ALERTS_REGISTER_ID = 'communication.alerts_matching';

export function alertsRegisterEntries(rc: RegisterContext): RegisterEntry[] {
  const retention = retentionForEntry(rc.retention, ALERTS_REGISTER_ID);
  const dataUsed = {
    fr: 'L’adresse électronique (chiffrée, jamais publiée) ou l’abonnement du navigateur, les thèmes, quartiers et la fréquence choisis ; les annonces (actualités, délibérations, événements) avec leurs thèmes et quartiers.',
    en: 'The e-mail address (sealed, never published) or the browser’s push subscription, the chosen topics, neighbourhoods and frequency; the notices (news, council decisions, events) with their topics and neighbourhoods.',
  };
  return [
    {
      id: ALERTS_REGISTER_ID,
      module: 'communication',
      organisation: rc.organisation,
      name: { fr: 'Envoi des alertes par quartier et par thème', en: 'Alerts by neighbourhood and topic' },
      purpose: {
        fr: 'Envoyer à chaque habitant abonné les actualités, délibérations et événements de ses quartiers et de ses thèmes, aussitôt ou en résumé quotidien ou hebdomadaire.',
        en: 'Send each subscribed resident the news, council decisions and events of their neighbourhoods and topics, at once or as a daily or weekly digest.',
      },
      legalBasis: {
        fr: 'Consentement de l’habitant (RGPD art. 6-1-a), donné par la confirmation de son adresse (double confirmation) ou l’autorisation de son navigateur ; retirable à tout moment par le lien présent dans chaque message.',
        en: 'The resident’s consent (GDPR art. 6(1)(a)), given by confirming their address (double opt-in) or their browser’s permission; withdrawn at any time by the link in every message.',
      },
      dataSources: ['Abonnements des habitants', 'Actualités de la commune', 'Délibérations publiées', 'Agenda', 'Quartiers (module territoire)'],
      dataUsed: { fr: [dataUsed.fr, describeRetention(retention, 'fr')].filter(Boolean).join(' '), en: [dataUsed.en, describeRetention(retention, 'en')].filter(Boolean).join(' ') },
      retention,
      method: {
        fr: `Règle fixe, sans apprentissage : une annonce va à un abonnement qui partage un de ses thèmes (un abonnement sans thème les suit tous ; une annonce sans thème concerne tout le monde) et un de ses quartiers (une annonce pour toute la commune va à tous ; un abonnement « toute la commune » reçoit tout). Les résumés partent à ${DIGEST_HOUR_PARIS} h (chaque jour, ou le lundi). Un envoi qui échoue est retenté avec des délais croissants, ${MAX_ATTEMPTS} fois au plus ; jamais deux fois la même annonce au même abonnement.`,
        en: `A fixed rule, no learning: a notice goes to a subscription sharing one of its topics (a subscription with no topic follows them all; a notice with no topic concerns everyone) and one of its neighbourhoods (a notice for the whole commune goes to all; a "whole commune" subscription receives everything). Digests go at ${DIGEST_HOUR_PARIS} a.m. (every day, or on Mondays). A failed message is tried again with growing delays, at most ${MAX_ATTEMPTS} times; never the same notice twice to one subscription.`,
      },
      humanOversight: {
        fr: 'Les agents écrivent et publient les actualités ; le back-office montre les nombres d’abonnements et d’envois en attente ou en échec, jamais les adresses.',
        en: 'Agents write and publish the news; the back-office shows the numbers of subscriptions and of messages pending or failed, never the addresses.',
      },
      howToContest: {
        fr: `Chaque message porte un lien pour changer ses choix, se désabonner ou supprimer ses données. Pour toute question : ${rc.organisation.contact}.`,
        en: `Every message carries a link to change one's choices, unsubscribe or delete one's data. Any question: ${rc.organisation.contact}.`,
      },
      lastChange: rc.settingsChangedAt,
      provider: { kind: 'none', baseUrl: null, model: null, label: 'none (runs locally, no AI provider)' },
      status: 'active',
      riskCategory: 'not_ai',
    },
  ];
}
