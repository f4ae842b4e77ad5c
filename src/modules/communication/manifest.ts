import type { ModuleManifest } from '../../platform/modules';
import { actsPart } from './acts/part';
import { agendaPart } from './agenda/part';
import { alertsPart } from './alerts/part';
import { budgetPart } from './budget/part';
import { joinParts } from './part';
import type { CommunicationServices } from './services';
import { TOPICS_SETTING } from './topics';

/**
 * Communication: council acts published as the law asks and explained in plain words, the budget,
 * news, agenda and the alerts each resident asked for. Made of parts (`part.ts`); see README.md.
 */
declare module '../../platform/modules' {
  interface ModuleServices {
    communication: CommunicationServices;
  }
}

const joined = joinParts([actsPart, alertsPart, budgetPart, agendaPart]);

export const communicationModule: ModuleManifest = {
  name: 'communication',
  // Staff routes authenticate through accounts; neighbourhoods are the territory's zonings; acts are
  // documents of the assistant's knowledge base, so that it can cite them; alerts tell of a
  // consultation opening (participation's services) and of reports filed or resolved nearby
  // (public space's services).
  dependsOn: ['accounts', 'territory', 'assistant', 'participation', 'public-space'],
  ...joined,
  services: (ctx): CommunicationServices => joined.services(ctx) as unknown as CommunicationServices,
  settings: [TOPICS_SETTING, ...(joined.settings ?? [])],
};
