/**
 * Staff data that would otherwise only be cleaned when someone logs in: expired sessions (with
 * the address and browser they were opened from) and login-throttle counters (keyed hashes of the
 * e-mails typed and of client addresses; a flood of failed logins, which never logs anyone in,
 * would add rows for ever). Their periods follow from what they are for, so they are fixed.
 */
import type { RetentionRule } from '../../platform/privacy/retention';
import { purgeExpiredSessionsBatch, purgeStaleThrottlesBatch } from './repository';
import { SESSION_TTL_MS } from './service';
import { FAILURE_MEMORY_MS, FAMILIAR_CLIENT_MS } from './throttle';

const SESSION_HOURS = Math.round(SESSION_TTL_MS / 3_600_000);
const FAILURE_HOURS = Math.round(FAILURE_MEMORY_MS / 3_600_000);

export const ACCOUNTS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'accounts.sessions',
    concerns: 'staff',
    data: { fr: 'Sessions du personnel (adresse IP, navigateur)', en: 'Staff sessions (IP address, browser)' },
    startsAt: { fr: `après leur expiration (${SESSION_HOURS} heures sans activité)`, en: `after they expire (${SESSION_HOURS} hours without activity)` },
    outcome: 'deleted',
    period: { fixedDays: 0 },
    purgeBatch: (tx, { cutoff, limit }) => purgeExpiredSessionsBatch(tx, cutoff, limit),
  },
  {
    id: 'accounts.login_throttles',
    concerns: 'staff',
    data: {
      fr: 'Compteurs d’échecs de connexion (empreintes des courriels saisis et des adresses)',
      en: 'Failed-login counters (keyed hashes of the e-mails typed and of the addresses)',
    },
    startsAt: {
      fr: `après la dernière connexion réussie depuis l’adresse (${FAILURE_HOURS} heures après le dernier échec)`,
      en: `after the last successful login from the address (${FAILURE_HOURS} hours after the last failure)`,
    },
    outcome: 'deleted',
    // An address the account logged in from is remembered this long: it is what exempts the owner from the account-wide delay.
    period: { fixedDays: Math.round(FAMILIAR_CLIENT_MS / (24 * 60 * 60_000)) },
    purgeBatch: (tx, { now, limit }) =>
      purgeStaleThrottlesBatch(tx, new Date(now.getTime() - FAILURE_MEMORY_MS), new Date(now.getTime() - FAMILIAR_CLIENT_MS), now, limit),
  },
];
