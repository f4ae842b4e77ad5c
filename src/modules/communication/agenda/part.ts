import type { CommunicationPart } from '../part';
import { AGENDA_PROBLEM_MESSAGES } from './problems';
import { AGENDA_PERMISSION, agendaRoutes } from './routes';
import { seedDemoAgenda } from './seed';

/**
 * The agenda part of the communication module: events written by agents or imported from
 * OpenAgenda, published for residents at `/agenda` (filtered by neighbourhood and topic, printable,
 * iCalendar), with a notice for the alerts on each publication.
 */
export const agendaPart: CommunicationPart = {
  name: 'agenda',
  permissions: [{ id: AGENDA_PERMISSION, description: 'Write, import (OpenAgenda) and publish the agenda’s events', roles: ['agent'] }],
  portalPaths: ['/agenda', '/agenda/mon-agenda'],
  problemMessages: AGENDA_PROBLEM_MESSAGES,
  routes: (app, ctx) => agendaRoutes(app, ctx),
  seed: (s) => seedDemoAgenda(s),
};
