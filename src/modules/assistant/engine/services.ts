import type { AppContext } from '../../../platform/modules';
import type { HandoffService } from '../handoff/service';
import type { AssistantEngine } from './service';

/** What the assistant module exports under `ctx.services.assistant`. */
export interface AssistantServices {
  knowledge: unknown;
  engine: AssistantEngine;
  handoff: HandoffService;
}

export function assistantServices(ctx: AppContext): AssistantServices {
  const s = ctx.services.assistant as AssistantServices | undefined;
  if (!s) throw new Error('The assistant module services are not registered.');
  return s;
}
