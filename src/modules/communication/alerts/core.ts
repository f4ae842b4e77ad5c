/**
 * The pure core of the alerts: which subscription a notice is for, when its message is due, what the
 * message says (one notice, or a digest of several) and its unsubscribe headers (RFC 2369, RFC 8058),
 * the tokens of the links, and the delay before another attempt.
 */
import { randomBytes } from 'node:crypto';
import { nextParisHour } from '../../../platform/db/maintenance';

export type Frequency = 'immediate' | 'daily' | 'weekly';
export const FREQUENCIES: readonly Frequency[] = ['immediate', 'daily', 'weekly'];
export type AlertLanguage = 'fr' | 'en';

/** Digests go at 7 a.m. (Paris): daily every day, weekly on Mondays. */
export const DIGEST_HOUR_PARIS = 7;
/** An unconfirmed subscription expires after this long (and the retention rule deletes it). */
export const CONFIRMATION_TTL_MS = 7 * 24 * 60 * 60_000;
/** Attempts of one message before it is marked failed (with the backoff below: about three days). */
export const MAX_ATTEMPTS = 20;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 60 * 60_000;

export interface SubscriptionScope {
  /** Topic ids; empty for every topic. */
  topics: readonly string[];
  /** `<zoning>:<zone code>` */
  zones: readonly string[];
  wholeCommune: boolean;
}

export interface NoticeScope {
  topics: readonly string[];
  /** Empty for the whole commune. */
  zones: readonly string[];
}

/**
 * A notice is for a subscription when they share a topic (a subscription with no topic follows them
 * all; a notice with no topic concerns everyone) and a place: a notice for the whole commune reaches
 * every subscription, a local one those following the whole commune or one of its zones.
 */
export function matchesSubscription(sub: SubscriptionScope, notice: NoticeScope): boolean {
  const topicOk = sub.topics.length === 0 || notice.topics.length === 0 || notice.topics.some((t) => sub.topics.includes(t));
  const zoneOk = notice.zones.length === 0 || sub.wholeCommune || notice.zones.some((z) => sub.zones.includes(z));
  return topicOk && zoneOk;
}

const PARIS_WEEKDAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short' });

/** When a message for this frequency, about a notice matched at `now`, is due. */
export function dueAt(frequency: Frequency, now: Date): Date {
  if (frequency === 'immediate') return now;
  let t = nextParisHour(now, DIGEST_HOUR_PARIS);
  if (frequency === 'daily') return t;
  for (let i = 0; i < 8 && PARIS_WEEKDAY.format(t) !== 'Mon'; i++) t = nextParisHour(t, DIGEST_HOUR_PARIS);
  return t;
}

/** Delay before attempt `attempts + 1` of a message that failed `attempts` times: 1 min, 2, 4… up to 6 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** A random token for a link (32 bytes, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only well-formed tokens are looked up; anything else is no subscription. */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** `List-Unsubscribe` with its one-click POST (RFC 8058): mail clients show an "unsubscribe" button. */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export interface Links {
  /** Portal base URL, no trailing slash. */
  base: string;
  manageToken: string;
}

export function manageUrl(l: Links): string {
  return `${l.base}/alertes/gerer/${l.manageToken}`;
}
export function unsubscribeUrl(l: Links): string {
  return `${l.base}/api/communication/alerts/unsubscribe/${l.manageToken}`;
}
export function confirmUrl(base: string, token: string): string {
  return `${base}/alertes/confirmer/${token}`;
}

export interface MailNotice {
  kind: string;
  title: string;
  summary: string;
  path: string;
  occurredAt: Date;
}

export interface ComposedMail {
  subject: string;
  text: string;
  headers: Record<string, string>;
}

const KIND_LABEL: Record<string, Record<AlertLanguage, string>> = {
  deliberation: { fr: 'Délibération', en: 'Council decision' },
  news: { fr: 'Actualité', en: 'News' },
  event: { fr: 'Événement', en: 'Event' },
  works: { fr: 'Travaux', en: 'Works' },
  report: { fr: 'Signalement', en: 'Report' },
  consultation: { fr: 'Consultation', en: 'Consultation' },
};

const WORDS = {
  fr: {
    digestDaily: (n: number) => `Vos alertes du jour : ${n} nouveauté${n > 1 ? 's' : ''}`,
    digestWeekly: (n: number) => `Vos alertes de la semaine : ${n} nouveauté${n > 1 ? 's' : ''}`,
    together: (n: number) => `${n} nouveautés de la commune`,
    hello: 'Bonjour,',
    intro: (n: number) => (n > 1 ? `Voici les ${n} nouveautés qui correspondent à vos alertes :` : 'Voici une nouveauté qui correspond à vos alertes :'),
    read: 'Lire',
    footer: (manage: string) =>
      `Vous recevez ce message parce que vous vous êtes abonné aux alertes de la commune.\nVous désabonner, changer vos thèmes, quartiers ou fréquence, ou supprimer vos données : ${manage}\n`,
  },
  en: {
    digestDaily: (n: number) => `Your alerts of the day: ${n} new item${n > 1 ? 's' : ''}`,
    digestWeekly: (n: number) => `Your alerts of the week: ${n} new item${n > 1 ? 's' : ''}`,
    together: (n: number) => `${n} new items from the commune`,
    hello: 'Hello,',
    intro: (n: number) => (n > 1 ? `Here are the ${n} new items matching your alerts:` : 'Here is a new item matching your alerts:'),
    read: 'Read',
    footer: (manage: string) =>
      `You receive this message because you subscribed to the commune's alerts.\nUnsubscribe, change your topics, neighbourhoods or frequency, or delete your data: ${manage}\n`,
  },
} as const;

/** One line per header field: a title or summary never breaks the mail's layout. */
const oneLine = (s: string, max: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/**
 * The message for one subscription: a single notice (its title as the subject) or a digest (the
 * notices, oldest first, each with its link to the portal), and the management and unsubscribe
 * links in every message.
 */
export function composeMail(input: { language: AlertLanguage; frequency: Frequency; notices: readonly MailNotice[]; links: Links }): ComposedMail {
  const w = WORDS[input.language];
  const notices = [...input.notices].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  if (notices.length === 0) throw new Error('composeMail needs at least one notice');
  const n = notices.length;
  const subject =
    input.frequency === 'daily' ? w.digestDaily(n) : input.frequency === 'weekly' ? w.digestWeekly(n) : n === 1 ? oneLine(notices[0]!.title, 150) : w.together(n);
  const items = notices.map((x) => {
    const label = KIND_LABEL[x.kind]?.[input.language] ?? x.kind;
    const summary = x.summary.trim() ? `\n${oneLine(x.summary, 600)}` : '';
    return `■ ${label} — ${oneLine(x.title, 200)}${summary}\n${w.read}${input.language === 'fr' ? ' :' : ':'} ${input.links.base}${x.path}`;
  });
  const text = `${w.hello}\n\n${w.intro(n)}\n\n${items.join('\n\n')}\n\n-- \n${w.footer(manageUrl(input.links))}`;
  return { subject, text, headers: unsubscribeHeaders(unsubscribeUrl(input.links)) };
}

export function confirmationMail(input: { language: AlertLanguage; confirmLink: string; alreadyConfirmed: boolean; manageLink: string }): { subject: string; text: string } {
  if (input.language === 'en') {
    return input.alreadyConfirmed
      ? {
          subject: 'Your alerts from the commune',
          text: `Hello,\n\nSomeone (probably you) asked to subscribe this address to the commune's alerts. It already is.\nTo change your topics, neighbourhoods or frequency, or to unsubscribe: ${input.manageLink}\n\nIf you did not ask for anything, ignore this message.\n`,
        }
      : {
          subject: 'Confirm your subscription to the commune’s alerts',
          text: `Hello,\n\nTo receive the commune's alerts at this address, open this link (valid 7 days):\n\n${input.confirmLink}\n\nNothing is sent before you confirm. Your address is never published. If you did not ask for anything, ignore this message: the request will be deleted.\n`,
        };
  }
  return input.alreadyConfirmed
    ? {
        subject: 'Vos alertes de la commune',
        text: `Bonjour,\n\nQuelqu'un (sans doute vous) a demandé à abonner cette adresse aux alertes de la commune. Elle l'est déjà.\nPour changer vos thèmes, quartiers ou fréquence, ou vous désabonner : ${input.manageLink}\n\nSi vous n'avez rien demandé, ignorez ce message.\n`,
      }
    : {
        subject: 'Confirmez votre abonnement aux alertes de la commune',
        text: `Bonjour,\n\nPour recevoir les alertes de la commune à cette adresse, ouvrez ce lien (valable 7 jours) :\n\n${input.confirmLink}\n\nRien ne vous est envoyé avant cette confirmation. Votre adresse n'est jamais publiée. Si vous n'avez rien demandé, ignorez ce message : la demande sera supprimée.\n`,
      };
}

/** The short payload of a web push (the service worker shows it as a notification). */
export function pushPayload(language: AlertLanguage, notices: readonly MailNotice[], base: string): string {
  const n = notices.length;
  const first = notices[0]!;
  return JSON.stringify(
    n === 1
      ? { title: oneLine(first.title, 120), body: oneLine(first.summary, 200), url: `${base}${first.path}`, lang: language }
      : { title: language === 'fr' ? `${n} nouveautés de la commune` : `${n} new items from the commune`, body: notices.map((x) => oneLine(x.title, 60)).join(' · ').slice(0, 200), url: `${base}/actualites`, lang: language },
  );
}
