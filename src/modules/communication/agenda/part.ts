import type { CommunicationPart } from '../part';

/** The agenda part of the communication module (see ../README.md). */
export const agendaPart: CommunicationPart = {
  name: 'agenda',
};
