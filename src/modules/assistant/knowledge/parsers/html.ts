/** HTML → the stored text form: the platform's reader, shared with uploads (crawled pages use it too). */
export { htmlToText, type HtmlText } from '../../../../platform/files/text/html';
