import type { ModuleManifest } from '../../platform/modules';
import { channelRoutes } from './channels/routes';
import { WHATSAPP_SEND_JOB, whatsappSendingEnabled, whatsappSendJobHandler } from './channels/whatsapp-send';
import { PURGE_JOB, purgeJobHandler, schedulePurge } from './conversations/retention';
import { REANALYSE_JOB, reanalyseJobHandler, scheduleReanalysis } from './knowledge/reanalyse';
import { conversationRoutes } from './conversations/routes';
import { assistantRegisterEntries } from './engine/register';
import { createAssistantEngine, ANSWERS_REGISTER_ID, RETRIEVAL_REGISTER_ID } from './engine/service';
import type { AssistantServices } from './engine/services';
import { ASSISTANT_SETTINGS } from './engine/settings';
import { createHandoffService } from './handoff/service';
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

/** The commune's knowledge assistant: knowledge base, conversation engine, hand-off, channels. */
export const assistantModule: ModuleManifest = {
  name: 'assistant',
  crossOriginPaths: ['/api/assistant/conversations', '/api/assistant/messages/', '/api/assistant/tickets/', '/api/assistant/documents/'],
  permissions: [
    ...knowledgePermissions,
    { id: 'assistant.inbox', description: 'Handle conversations passed on to an agent (assign, reply, close, draft a FAQ)', roles: ['agent'] },
    { id: 'assistant.analytics', description: "See the assistant's dashboard and calibration", roles: ['agent', 'analyst'] },
  ],
  automatedFeatures: [RETRIEVAL_REGISTER_ID, ANSWERS_REGISTER_ID],
  registerEntries: assistantRegisterEntries,
  settings: ASSISTANT_SETTINGS,
  jobs: (ctx) => ({ ...knowledgeJobs(ctx), [PURGE_JOB]: purgeJobHandler(() => ctx), [REANALYSE_JOB]: reanalyseJobHandler(() => ctx), [WHATSAPP_SEND_JOB]: whatsappSendJobHandler(() => ctx) }),
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
    await (ctx.services.assistant as AssistantServices).engine.retriever.current();
    await schedulePurge(ctx, new Date());
    await scheduleReanalysis(ctx);
    if (ctx.config.whatsapp.appSecret && !whatsappSendingEnabled(ctx.config)) {
      ctx.log.info('WhatsApp replies are only returned in the webhook response: set WHATSAPP_ACCESS_TOKEN for Beffroi to send them');
    }
  },
  seed: async (s) => {
    await seedDemoKnowledge(s);
  },
};
