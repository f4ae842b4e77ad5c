import type { AppContext } from '../../../platform/modules';
import type { CommunicationPart } from '../part';
import { matchesSubscription, type NoticeScope, type SubscriptionScope } from './core';
import { DELIVER_JOB, deliverJobHandler, MATCH_JOB, matchJobHandler, scheduleDelivery, vapidKeys } from './delivery';
import { ALERTS_PROBLEM_MESSAGES } from './problems';
import { ALERTS_REGISTER_ID, alertsRegisterEntries } from './register';
import { ALERTS_RETENTION } from './retention';
import { ALERTS_PERMISSIONS, alertsRoutes } from './routes';
import { seedDemoNews } from './seed';
import { scheduleSources, SOURCES_JOB, sourcesJobHandler } from './sources';
import { CONFIRMATION_JOB, confirmationJobHandler, scopeByManageToken } from './subscriptions';

/** What the alerts part offers the other parts (`ctx.services.communication.alerts`): the agenda's personal page filters by a subscription. */
export interface AlertsServices {
  /** Whether a notice's topics and zones are for this subscription (the rule of the alerts). */
  matchesSubscription(sub: SubscriptionScope, notice: NoticeScope): boolean;
  /** The topics and zones a resident follows, by the token of their management link; null when unknown or cancelled. */
  scopeByManageToken(token: string): Promise<SubscriptionScope | null>;
}

declare module '../services' {
  interface CommunicationServices {
    alerts: AlertsServices;
  }
}

/** The alerts part of the communication module (see ../README.md). */
export const alertsPart: CommunicationPart = {
  name: 'alerts',
  permissions: [{ id: ALERTS_PERMISSIONS.news, description: 'Write and publish news; see the alerts’ counts', roles: ['agent'] }],
  automatedFeatures: [ALERTS_REGISTER_ID],
  registerEntries: alertsRegisterEntries,
  retention: ALERTS_RETENTION,
  problemMessages: ALERTS_PROBLEM_MESSAGES,
  portalPaths: ['/alertes', '/alertes/confirmer/:token', '/alertes/gerer/:token', '/actualites', '/actualites/:id'],
  jobs: (ctx) => ({
    [CONFIRMATION_JOB]: confirmationJobHandler(() => ctx),
    [MATCH_JOB]: matchJobHandler(() => ctx),
    [DELIVER_JOB]: deliverJobHandler(() => ctx),
    [SOURCES_JOB]: sourcesJobHandler(() => ctx),
  }),
  routes: (app, ctx) => alertsRoutes(app, ctx),
  services: (ctx: AppContext): AlertsServices => ({
    matchesSubscription,
    scopeByManageToken: (token) => scopeByManageToken(ctx, token),
  }),
  // The installation's VAPID keys, made once (the first start) and kept: before the modules' start
  // hooks, so that the audit log's checkpoint signed at start covers their audit event.
  bootstrap: async (ctx) => {
    await vapidKeys(ctx);
  },
  onStart: async (ctx) => {
    await scheduleDelivery(ctx, new Date());
    await scheduleSources(ctx, new Date());
  },
  seed: seedDemoNews,
};
