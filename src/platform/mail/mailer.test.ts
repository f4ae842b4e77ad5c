import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailParts, startTestSmtpServer, type TestSmtpServer } from '../testing/smtp';
import { createMailer, describeMailError, MailConnectionError, mailErrorCode, PermanentMailError, scrubAddresses } from './mailer';

describe('mailer over a real SMTP server on loopback', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(() => smtp?.close());

  it('is off without SMTP_URL', () => {
    expect(createMailer(null)).toBeNull();
  });

  it('delivers the text and the attachments to every recipient, from MAIL_FROM', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Mairie de Test <beffroi@mairie.test>' })!;
    const sent = await mailer.send({
      to: ['comite@mairie.test', 'elu@mairie.test'],
      subject: 'Journal d’audit : point de contrôle',
      text: 'Événements : 12\nEmpreinte : ' + 'ab'.repeat(32),
      attachments: [{ filename: 'point.json', content: '{"size": 12}\n', contentType: 'application/json' }],
    });
    expect(sent.accepted).toEqual(['comite@mairie.test', 'elu@mairie.test']);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.from).toBe('beffroi@mairie.test');
    expect(mail!.to).toEqual(['comite@mairie.test', 'elu@mairie.test']);
    const parts = mailParts(mail!.raw);
    expect(parts.find((p) => p.headers['content-type']?.startsWith('text/plain'))?.body).toBe('Événements : 12\nEmpreinte : ' + 'ab'.repeat(32));
    const attachment = parts.find((p) => p.headers['content-disposition']?.includes('point.json'));
    expect(JSON.parse(attachment!.body)).toEqual({ size: 12 });
  });

  it('reports a refusal by the server as permanent, and an unreachable server as worth retrying', async () => {
    const refusing = await startTestSmtpServer({ reject: 550 });
    try {
      const mailer = createMailer({ smtpUrl: refusing.url, from: 'beffroi@mairie.test' })!;
      await expect(mailer.send({ to: ['a@mairie.test'], subject: 's', text: 't' })).rejects.toBeInstanceOf(PermanentMailError);
    } finally {
      await refusing.close();
    }
    const gone = createMailer({ smtpUrl: refusing.url, from: 'beffroi@mairie.test' })!;
    const err = await gone.send({ to: ['a@mairie.test'], subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentMailError);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });
});

describe('mail error texts', () => {
  it('never keep an e-mail address from the server’s reply', () => {
    const err = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <jane.doe@x.fr>: Recipient address rejected"), { code: 'EENVELOPE', responseCode: 550 });
    const text = describeMailError(err);
    expect(text).not.toContain('jane');
    expect(text).not.toContain('x.fr');
    expect(text).toBe("sending mail failed (EENVELOPE, SMTP 550): Can't send mail - all recipients were rejected: 550 5.1.1 <recipient>: Recipient address rejected");
    expect(scrubAddresses('RCPT TO:bob+tag@example.org refused; also "Eve" <eve@sub.example.com>, mallory@[127.0.0.1]')).toBe(
      'RCPT TO:<recipient> refused; also "Eve" <recipient>, <recipient>',
    );
    expect(mailErrorCode(err)).toBe('EENVELOPE, SMTP 550');
  });

  it('tells a server that cannot be reached from a refused message', async () => {
    const closed = await startTestSmtpServer();
    await closed.close();
    const err = await createMailer({ smtpUrl: closed.url, from: 'beffroi@mairie.test' })!.send({ to: ['a@mairie.test'], subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailConnectionError);
    expect((err as { failure: string }).failure).toMatch(/^E[A-Z]+$/);
  });
});
