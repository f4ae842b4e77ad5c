import { createHmac } from 'node:crypto';
import type { BeffroiApp } from '../../../platform/app';

/** A WhatsApp Cloud API webhook notification carrying one text message, as Meta sends it. */
export function whatsappWebhookBody(from: string, text: string, id: string, phoneNumberId: string | null = '1'): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '123',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: phoneNumberId ? { display_phone_number: '15550000000', phone_number_id: phoneNumberId } : { display_phone_number: '15550000000' },
              contacts: [{ profile: { name: 'Test' }, wa_id: from }],
              messages: [{ from, id, timestamp: '1700000000', type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
}

/** The `X-Hub-Signature-256` header Meta computes over the exact bytes of the body. */
export function whatsappSignature(body: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** Delivers a body to the WhatsApp webhook, signed with the app secret. */
export function postSignedWhatsApp(b: BeffroiApp, body: string, appSecret: string) {
  return b.app.inject({
    method: 'POST',
    url: '/api/assistant/whatsapp',
    payload: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': whatsappSignature(body, appSecret) },
  });
}
