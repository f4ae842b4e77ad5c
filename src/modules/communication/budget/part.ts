import type { CommunicationPart } from '../part';

/** The budget part of the communication module (see ../README.md). */
export const budgetPart: CommunicationPart = {
  name: 'budget',
};
