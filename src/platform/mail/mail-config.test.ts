import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

describe('outgoing mail configuration', () => {
  it('is off without SMTP_URL', () => {
    expect(loadConfig({}).mail).toBeNull();
  });

  it('takes the SMTP server and the sender together', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://beffroi:s3cret@smtp.mairie.test:465', MAIL_FROM: 'Mairie <beffroi@mairie.test>' }).mail).toEqual({
      smtpUrl: 'smtps://beffroi:s3cret@smtp.mairie.test:465',
      from: 'Mairie <beffroi@mairie.test>',
    });
  });

  it('refuses a server without a sender, and a URL that is not SMTP, naming the variable but not the password', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://smtp.mairie.test' })).toThrow(/MAIL_FROM: required with SMTP_URL/);
    let error: unknown;
    try {
      loadConfig({ SMTP_URL: 'https://beffroi:s3cret@smtp.mairie.test', MAIL_FROM: 'beffroi@mairie.test' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('SMTP_URL: must start with smtp:// or smtps://');
    expect((error as ConfigError).message).not.toContain('s3cret');
  });
});
