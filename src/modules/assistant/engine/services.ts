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
  return ctx.services.assistant;
}
