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
}

/** A failure that retrying will not fix (the server refused the message or a recipient for good). */
export class PermanentMailError extends Error {
  readonly permanent = true;
  override name = 'PermanentMailError';
}

/** Short enough for a job to fail and retry rather than hang on a server that does not answer. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/** The mailer of this configuration, or null when no SMTP server is configured. */
export function createMailer(mail: AppConfig['mail']): Mailer | null {
  if (!mail) return null;
  // One connection per message: witnesses send a few mails an hour; nothing stays open to close.
  const transport = nodemailer.createTransport({ url: mail.smtpUrl, ...TIMEOUTS }, { from: mail.from });
  return {
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
        if (typeof code === 'number' && code >= 500) throw new PermanentMailError(reason);
        throw new Error(reason);
      }
    },
  };
}

/** What went wrong. nodemailer's messages name the host and the SMTP reply, never the URL's password. */
function describeMailError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = [typeof e.code === 'string' ? e.code : null, typeof e.responseCode === 'number' ? `SMTP ${e.responseCode}` : null].filter(Boolean).join(', ');
  const message = typeof e.message === 'string' ? e.message.replace(/\s+/g, ' ').slice(0, 300) : String(err);
  return `sending mail failed${code ? ` (${code})` : ''}: ${message}`;
}
