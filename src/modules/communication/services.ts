/**
 * The services of the communication module, one entry per part that offers some. A part adds its
 * entry by declaration merging, next to its part file:
 *
 * ```ts
 * declare module '../services' {
 *   interface CommunicationServices { acts: ActsServices }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each part through declaration merging
export interface CommunicationServices {}
