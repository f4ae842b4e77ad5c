/**
 * Outgoing e-mail through the commune's SMTP server (`SMTP_URL`, `MAIL_FROM`), for any module:
 * the audit checkpoints' witnesses today, the communication module later. Sending is for background
 * jobs (retried by the queue), never for a request waiting on an SMTP server.
 */
import nodemailer from 'nodemailer';
import type { AppConfig } from '../config';

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string[];
  subject: string;
  /** Plain text: every mail client shows it, and it is what an archive keeps. */
  text: string;
  attachments?: MailAttachment[];
  /** Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string; accepted: string[]; rejected: string[] }>;
  /** Closes the pooled connections (a mailer created with `pool`); a no-op otherwise. */
  close?(): void;
}

/** A failure that retrying will not fix (the server refused the message or a recipient for good). */
export class PermanentMailError extends Error {
  readonly permanent = true;
  override name = 'PermanentMailError';
}

/**
 * The server could not be reached or spoke no SMTP reply (refused connection, timeout, DNS, TLS):
 * nothing was said about the message itself, and every other message would fail the same way.
 */
export class MailConnectionError extends Error {
  readonly connection = true;
  override name = 'MailConnectionError';
}

/** Short enough for a job to fail and retry rather than hang on a server that does not answer. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/** The mailer of this configuration, or null when no SMTP server is configured. */
export function createMailer(mail: AppConfig['mail'], opts: { pool?: boolean } = {}): Mailer | null {
  if (!mail) return null;
  // One connection per message by default: witnesses send a few mails an hour; nothing stays open to close.
  // A sender of many mails in one run (the alerts) asks for a pool and closes it at the end.
  const transport = nodemailer.createTransport({ url: mail.smtpUrl, ...TIMEOUTS, ...(opts.pool ? { pool: true, maxConnections: 1 } : {}) }, { from: mail.from });
  return {
    close: () => transport.close(),
    async send(message) {
      try {
        const info = await transport.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.headers ? { headers: message.headers } : {}),
          attachments: message.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        });
        const addresses = (list: unknown) => (Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: unknown }).address))) : []);
        return { messageId: String(info.messageId), accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
      } catch (err) {
        // SMTP 5xx replies are final; connection problems and 4xx are worth another attempt.
        const code = (err as { responseCode?: unknown }).responseCode;
        const reason = describeMailError(err);
        // `failure`: the class only (`ECONNECTION`, `SMTP 550`), what an audit event may keep.
        const failure = { failure: mailErrorCode(err) || 'unknown' };
        if (typeof code === 'number' && code >= 500) throw Object.assign(new PermanentMailError(reason), failure);
        if (typeof code !== 'number' && !MESSAGE_ERRORS.has(String((err as { code?: unknown }).code))) throw Object.assign(new MailConnectionError(reason), failure);
        throw Object.assign(new Error(reason), failure);
      }
    },
  };
}

/** nodemailer's codes for a problem with the message itself (no reply code, but not the connection). */
const MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE', 'EAUTH']);

/**
 * What went wrong. nodemailer's messages name the host and the SMTP reply, never the URL's password;
 * a reply may name the recipient (`550 5.1.1 <jane@x.fr>: Recipient address rejected`): every
 * e-mail address is replaced by `<recipient>`, so the text can go to logs, the audit and job tables.
 */
export function describeMailError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  return `sending mail failed${mailErrorCode(err) ? ` (${mailErrorCode(err)})` : ''}: ${scrubAddresses(message.replace(/\s+/g, ' ')).slice(0, 300)}`;
}

/** Only the class of the failure (`ECONNECTION`, `SMTP 550`…), for an audit event. */
export function mailErrorCode(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown };
  return [typeof e.code === 'string' ? e.code : null, typeof e.responseCode === 'number' ? `SMTP ${e.responseCode}` : null].filter(Boolean).join(', ');
}

/** Replaces every e-mail address (bracketed or bare, encoded or not) by `<recipient>`. */
export function scrubAddresses(text: string): string {
  return text.replace(/<[^<>\s]*@[^<>\s]*>/g, '<recipient>').replace(/[^\s<>"'(),;:]*@[^\s<>"'(),;]+/g, '<recipient>');
}
