import type { ModuleManifest } from '../../platform/modules';
import { channelRoutes } from './channels/routes';
import { WHATSAPP_SEND_JOB, whatsappSendingEnabled, whatsappSendJobHandler } from './channels/whatsapp-send';
import { REANALYSE_JOB, reanalyseJobHandler, scheduleReanalysis } from './knowledge/reanalyse';
import { conversationRoutes } from './conversations/routes';
import { assistantRegisterEntries } from './engine/register';
import { createAssistantEngine, ANSWERS_REGISTER_ID, RETRIEVAL_REGISTER_ID } from './engine/service';
import type { AssistantServices } from './engine/services';
import { ASSISTANT_SETTINGS } from './engine/settings';
import { createHandoffService } from './handoff/service';
import { ASSISTANT_RETENTION } from './privacy/retention';
import {
  createKnowledgeService,
  getIndexVersion,
  knowledgeJobs,
  knowledgePermissions,
  knowledgeRoutes,
  loadPassageEmbeddings,
  loadSearchablePassages,
  loadVocabulary,
  seedDemoKnowledge,
} from './knowledge/index';
import { ASSISTANT_PROBLEM_MESSAGES } from './problems';

/** The commune's knowledge assistant: knowledge base, conversation engine, hand-off, channels. */
declare module '../../platform/modules' {
  interface ModuleServices {
    assistant: AssistantServices;
  }
}

export const assistantModule: ModuleManifest = {
  name: 'assistant',
  // Staff routes authenticate through accounts; tickets are assigned to its staff members.
  dependsOn: ['accounts'],
  // What the embeddable widget calls from the commune's other sites.
  crossOriginPaths: [
    '/api/assistant/conversations',
    '/api/assistant/conversations/:id',
    '/api/assistant/conversations/:id/messages',
    '/api/assistant/conversations/:id/messages/:messageId/feedback',
    '/api/assistant/conversations/:id/handoff',
    '/api/assistant/tickets/:code',
    '/api/assistant/tickets/:code/messages',
    '/api/assistant/documents/:id',
  ],
  // The portal pages of `web/manifest.ts`.
  portalPaths: ['/assistant', '/assistant/sources/:documentId', '/assistant/suivi/:code', '/assistant/tickets/:code'],
  problemMessages: ASSISTANT_PROBLEM_MESSAGES,
  permissions: [
    ...knowledgePermissions,
    { id: 'assistant.inbox', description: 'Handle conversations passed on to an agent (assign, reply, close, draft a FAQ, erase on request)', roles: ['agent'] },
    { id: 'assistant.analytics', description: "See the assistant's dashboard and calibration", roles: ['agent', 'analyst'] },
  ],
  automatedFeatures: [RETRIEVAL_REGISTER_ID, ANSWERS_REGISTER_ID],
  registerEntries: assistantRegisterEntries,
  settings: ASSISTANT_SETTINGS,
  retention: ASSISTANT_RETENTION,
  jobs: (ctx) => ({ ...knowledgeJobs(ctx), [REANALYSE_JOB]: reanalyseJobHandler(() => ctx), [WHATSAPP_SEND_JOB]: whatsappSendJobHandler(() => ctx) }),
  services: (ctx): AssistantServices => {
    const knowledge = createKnowledgeService(ctx);
    const engine = createAssistantEngine(ctx, { getIndexVersion, loadSearchablePassages, loadVocabulary, loadPassageEmbeddings });
    const handoff = createHandoffService(ctx, engine, () => knowledge);
    return { knowledge, engine, handoff };
  },
  routes: async (app, ctx) => {
    await knowledgeRoutes(app, ctx);
    conversationRoutes(app, ctx);
    await channelRoutes(app, ctx);
  },
  onStart: async (ctx) => {
    await ctx.services.assistant.engine.retriever.current();
    await scheduleReanalysis(ctx);
    if (ctx.config.whatsapp.appSecret && !whatsappSendingEnabled(ctx.config)) {
      ctx.log.info('WhatsApp replies are only returned in the webhook response: set WHATSAPP_ACCESS_TOKEN for Beffroi to send them');
    }
  },
  seed: async (s) => {
    await seedDemoKnowledge(s);
  },
};
