import type { CommunicationPart } from '../part';

/** The alerts part of the communication module (see ../README.md). */
export const alertsPart: CommunicationPart = {
  name: 'alerts',
};
