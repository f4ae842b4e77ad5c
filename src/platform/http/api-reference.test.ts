import { describe, expect, it } from 'vitest';
import { renderApiReference, type OpenApiDocument } from './api-reference';

const doc: OpenApiDocument = {
  info: { version: '1.2.3' },
  paths: {
    '/api/things/{id}': {
      patch: {
        tags: ['things'],
        summary: 'Renames a <thing>',
        security: [{ session: [] }],
        'x-permission': 'things.manage',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid', pattern: '^[0-9a-f-]+$' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string', maxLength: 1000, minLength: 1 }, note: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
              },
            },
          },
        },
        responses: { '200': { description: 'Default Response' } },
      },
    },
    '/api/public': { get: { summary: 'Public data', responses: { '200': { description: 'The data' } } } },
  },
};

describe('API reference page', () => {
  it('writes headings, landmarks and fields in French, with no script', () => {
    const html = renderApiReference(doc, 'fr', { page: '/api/docs', stylesheet: '/api/docs/reference.css', openApiJson: '/api/openapi.json' });
    expect(html).toContain('<html lang="fr">');
    expect(html).not.toMatch(/<script|\sstyle=|\son\w+=/i);
    expect(html).toContain('<h1>Référence de l’API</h1>');
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toMatch(/<main id="main" tabindex="-1">/);
    expect(html).toContain('<h3 id="op-patch-api-things-id"><span class="method method-patch">PATCH</span>');
    expect(html).toContain('Renames a &lt;thing&gt;');
    expect(html).toContain('<p lang="en">Renames');
    expect(html).toContain('permission <code>things.manage</code>');
    expect(html).toContain('1\u202f000 caractères au plus');
    expect(html).toContain('texte ou null');
    // A format says more than its regular expression.
    expect(html).not.toContain('^[0-9a-f-]+$');
    expect(html).not.toContain('Default Response');
    expect(html).toContain('href="/api/docs?lang=en" lang="en" hreflang="en">English</a>');
  });

  it('writes its own words in English when asked, and the authors’ without a language mark', () => {
    const html = renderApiReference(doc, 'en', { page: '/api/docs', stylesheet: '/s.css', openApiJson: '/o.json' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>API reference</h1>');
    expect(html).toContain('at most 1,000 characters');
    expect(html).toContain('<p>Public data</p>');
    expect(html).toContain('<strong>Access</strong>: Public');
  });
});
