import { describe, expect, it } from 'vitest';
import { byPrecedence, compileRoute } from '../../dev/functionHost/routeTemplate.js';

describe('route templates', () => {
  it('match parameters in one segment and a catch-all across segments', () => {
    expect(compileRoute('identity-requests/{id}/approve')('identity-requests/abc/approve')).toEqual({
      id: 'abc',
    });
    expect(compileRoute('identity-requests/{id}')('identity-requests/a/b')).toBeUndefined();
    expect(compileRoute('{*path}')('identity-requests/a/b')).toEqual({ path: 'identity-requests/a/b' });
    expect(compileRoute('{*path}')('')).toEqual({ path: '' });
  });

  it('prefer literal segments to parameters and parameters to a catch-all', () => {
    const routes = ['{*path}', 'identity-requests/{id}', 'identity-requests/plan', 'health'];
    expect([...routes].sort(byPrecedence)).toEqual([
      'health',
      'identity-requests/plan',
      'identity-requests/{id}',
      '{*path}',
    ]);
  });
});
