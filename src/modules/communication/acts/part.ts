import type { CommunicationPart } from '../part';

/** The acts part of the communication module (see ../README.md). */
export const actsPart: CommunicationPart = {
  name: 'acts',
};
