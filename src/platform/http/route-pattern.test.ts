import { describe, expect, it } from 'vitest';
import { compileRoutePattern, pathOf } from './route-pattern';

describe('route patterns', () => {
  it('matches static paths exactly, ignoring the query string and a trailing slash', () => {
    const match = compileRoutePattern('/api/assistant/conversations');
    expect(match('/api/assistant/conversations')).toBe(true);
    expect(match('/api/assistant/conversations/')).toBe(true);
    expect(match('/api/assistant/conversations?x=1')).toBe(true);
    expect(match('/api/assistant/conversations-export')).toBe(false);
    expect(match('/api/assistant/conversations/abc')).toBe(false);
    expect(match('/api/assistant')).toBe(false);
    expect(match('/API/assistant/conversations')).toBe(false);
  });

  it('matches one non-empty segment per parameter', () => {
    const match = compileRoutePattern('/api/assistant/tickets/:code/messages');
    expect(match('/api/assistant/tickets/K7P-4QX/messages')).toBe(true);
    expect(match('/api/assistant/tickets//messages')).toBe(false);
    expect(match('/api/assistant/tickets/a/b/messages')).toBe(false);
    expect(match('/api/assistant/tickets/K7P-4QX')).toBe(false);
  });

  it('matches the rest of the path with a final *, the bare prefix included', () => {
    const match = compileRoutePattern('/admin/*');
    expect(match('/admin')).toBe(true);
    expect(match('/admin/')).toBe(true);
    expect(match('/admin/utilisateurs/42')).toBe(true);
    expect(match('/administration')).toBe(false);
    expect(match('/')).toBe(false);
  });

  it('matches the root only with the root pattern', () => {
    const root = compileRoutePattern('/');
    expect(root('/')).toBe(true);
    expect(root('/?lang=en')).toBe(true);
    expect(root('/transparence')).toBe(false);
    expect(compileRoutePattern('/transparence')('/')).toBe(false);
  });

  it('refuses patterns it would not match as written', () => {
    expect(() => compileRoutePattern('admin')).toThrow();
    expect(() => compileRoutePattern('/files/*/raw')).toThrow();
  });

  it('strips the query string and the fragment', () => {
    expect(pathOf('/a/b?c=d#e')).toBe('/a/b');
    expect(pathOf('/a#x')).toBe('/a');
    expect(pathOf('/a')).toBe('/a');
  });
});
