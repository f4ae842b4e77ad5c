import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailParts, startTestSmtpServer, type TestSmtpServer } from '../testing/smtp';
import { createMailer, PermanentMailError } from './mailer';

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
