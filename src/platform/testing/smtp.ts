import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as the server received it (headers and MIME body). */
  raw: string;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for `SMTP_URL`. */
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives. `reject` answers the DATA command
 * with that reply code instead (a 550 to see a permanent refusal).
 */
export async function startTestSmtpServer(opts: { reject?: number } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (opts.reject) {
          const err = Object.assign(new Error('Refused by the test server'), { responseCode: opts.reject });
          callback(err);
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, received ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MailPart {
  headers: Record<string, string>;
  /** Decoded content (quoted-printable and base64 undone). */
  body: string;
}

/** The parts of a received message, one level of multipart, decoded: enough to read a text and its attachments. */
export function mailParts(raw: string): MailPart[] {
  const top = splitHeaders(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(top.headers['content-type'] ?? '')?.[1];
  if (!boundary) return [decodePart(top)];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => decodePart(splitHeaders(chunk.replace(/^\r?\n/, ''))));
}

function splitHeaders(text: string): { headers: Record<string, string>; body: string } {
  const at = text.search(/\r?\n\r?\n/);
  const head = at < 0 ? text : text.slice(0, at);
  const body = at < 0 ? '' : text.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodePart(part: { headers: Record<string, string>; body: string }): MailPart {
  const encoding = (part.headers['content-transfer-encoding'] ?? '').toLowerCase();
  let body = part.body.replace(/\r?\n$/, '');
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    body = bytes.toString('utf8');
  }
  return { headers: part.headers, body: body.replace(/\r\n/g, '\n') };
}
