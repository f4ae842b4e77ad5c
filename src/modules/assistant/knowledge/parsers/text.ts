/**
 * The single normal form every stored body is in (uploads, crawled pages, bulk imports, the demo):
 * passage offsets and content hashes refer to it. It is the platform's, shared with the parsers of
 * untrusted files (src/platform/files/text/normalize.ts), so an uploaded file and the same text
 * typed by hand give the same body.
 */
export { firstHeading, normalizeBody } from '../../../../platform/files/text/normalize';
