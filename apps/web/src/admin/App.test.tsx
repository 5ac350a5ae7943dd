import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Me } from '../features/auth/api';
import '../lib/i18n';
import { App } from './App';

function buildMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 7,
    username: 'inspector',
    name: '<script>alert(1)</script>督查员',
    phone: null,
    unitId: 2,
    unitName: '示范县创文办',
    locale: 'zh-CN',
    mustChangePassword: false,
    permissions: ['unit.view'],
    grants: [{ roleCode: 'inspector', roleName: null, unitId: 1, unitName: '示范县' }],
    scope: { officeLevel: false, wholeJurisdiction: [] },
    ...overrides,
  };
}

function stubApi(me: Me | null) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url.startsWith('/api/auth/me')) {
        return me
          ? new Response(JSON.stringify(me), { status: 200, headers: { 'Content-Type': 'application/json' } })
          : new Response(JSON.stringify({ error: { code: 'unauthenticated', message: '请先登录' } }), {
              status: 401,
              headers: { 'Content-Type': 'application/json' },
            });
      }
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'x' } }), { status: 404 });
    }),
  );
}

describe('office app', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.history.replaceState(null, '', '/');
  });

  it('shows the login form to a visitor without a session', async () => {
    stubApi(null);
    render(<App />);
    expect(await screen.findByTestId('login-username')).toBeTruthy();
    expect(window.location.pathname).toBe('/login');
  });

  it('greets the user as text and shows only the menu items the permissions allow', async () => {
    stubApi(buildMe());
    render(<App />);
    const welcome = await screen.findByTestId('home-welcome');
    expect(welcome.textContent).toContain('<script>alert(1)</script>督查员');
    expect(document.querySelector('script')).toBeNull();

    // jsdom matches no media query, so the shell is in phone mode: the menu sits in a drawer.
    fireEvent.click(screen.getByTestId('menu-toggle'));
    expect(await screen.findByTestId('menu-units')).toBeTruthy();
    expect(screen.getByTestId('menu-home')).toBeTruthy();
    expect(screen.getByTestId('menu-profile')).toBeTruthy();
    expect(screen.queryByTestId('menu-users')).toBeNull();
    expect(screen.queryByTestId('menu-audit')).toBeNull();
  });

  it('opens a detail page declared by its feature only with its permission', async () => {
    stubApi(buildMe({ permissions: ['unit.view', 'framework.view'] }));
    window.history.replaceState(null, '', '/frameworks/3');
    render(<App />);
    expect(await screen.findByTestId('page-framework-detail', {}, { timeout: 10_000 })).toBeTruthy();
    expect(window.location.pathname).toBe('/frameworks/3');
  });

  it('sends a user without the permission of a detail page home', async () => {
    stubApi(buildMe());
    window.history.replaceState(null, '', '/frameworks/3');
    render(<App />);
    expect(await screen.findByTestId('home-welcome')).toBeTruthy();
    expect(window.location.pathname).toBe('/');
  });

  it('sends a user who must change the password to the profile page', async () => {
    stubApi(buildMe({ mustChangePassword: true }));
    render(<App />);
    expect(await screen.findByTestId('must-change-password')).toBeTruthy();
    expect(window.location.pathname).toBe('/profile');
  });
});
