/** What the participation module offers other modules (`ctx.services.participation`): the citizens' assemblies module reads consultations. */
import type { AppContext } from '../../platform/modules';
import type { AdminConsultation, ConsultationPhase } from './api-schemas';
import { adminConsultation } from './consultations';
import { consultationsInPhase } from './consultations';

export interface ParticipationServices {
  /** A consultation as the back-office sees it (404 problem when unknown). */
  getConsultation(id: string): Promise<AdminConsultation>;
  /** Ids and titles of the consultations in these phases, newest first. */
  listConsultations(phases: readonly ConsultationPhase[]): Promise<{ id: string; title: string; phase: ConsultationPhase; assemblyId: string | null }[]>;
}

export function createParticipationServices(ctx: AppContext): ParticipationServices {
  return {
    getConsultation: (id) => adminConsultation(ctx, id),
    async listConsultations(phases) {
      const rows = await consultationsInPhase(ctx.db, phases);
      return rows.map((r) => ({ id: r.id, title: r.title, phase: r.phase, assemblyId: r.assemblyId }));
    },
  };
}
