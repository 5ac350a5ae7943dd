import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { SYSTEM_ROLES } from '@chuangwen/domain/auth/permissions';
import type { Role } from '@chuangwen/domain/users/role.schemas';
import type { Me } from '../../auth/api';
import '../../../lib/i18n';
import { App } from '../../../admin/App';

const XSS = '<script>alert(1)</script>';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function buildMe(permissions: readonly string[]): Me {
  return {
    id: 1,
    username: 'admin',
    name: '王建华',
    phone: null,
    unitId: 2,
    unitName: '县文明办',
    locale: 'zh-CN',
    mustChangePassword: false,
    permissions: [...permissions],
    grants: [{ roleCode: 'officeAdmin', roleName: null, unitId: 1, unitName: '示范县' }],
    scope: { officeLevel: true, wholeJurisdiction: [...permissions] },
  };
}

const ROLES: Role[] = [
  { code: 'officeAdmin', name: null, isSystem: true, permissions: [...SYSTEM_ROLES.officeAdmin], grantCount: 1 },
  { code: 'streetCleaner', name: `${XSS}街面保洁员`, isSystem: false, permissions: ['case.view', 'case.rectify'], grantCount: 2 },
  { code: 'unusedRole', name: '备用角色', isSystem: false, permissions: ['unit.view'], grantCount: 0 },
];

type Call = { method: string; url: string; body: unknown };

/** The API as the page sees it; `write` answers POST/PATCH/DELETE /api/roles… in turn. */
function stubApi(me: Me, write: Response[] = []) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (url.startsWith('/api/auth/me')) return json(me);
      if (url.startsWith('/api/roles') && method === 'GET') return json({ items: ROLES });
      if (url.startsWith('/api/roles')) return write.shift() ?? json({ error: { code: 'internal', message: 'unexpected call' } }, 500);
      return json({ error: { code: 'not_found', message: 'x' } }, 404);
    }),
  );
  return calls;
}

const checkbox = (permission: string) => screen.getByTestId(`role-perm-${permission}`).closest('label')!.querySelector('input')!;

function openRolesPage() {
  window.history.replaceState(null, '', '/roles');
  render(<App />);
}

describe('roles page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.history.replaceState(null, '', '/');
  });

  it('lists system roles by their label with a tag and custom roles by their name, as text', async () => {
    stubApi(buildMe(SYSTEM_ROLES.officeAdmin));
    openRolesPage();
    expect((await screen.findByTestId('role-name-officeAdmin')).textContent).toBe('创文办管理员');
    expect(screen.getByTestId('role-system-officeAdmin').textContent).toBe('系统');
    expect(screen.getByTestId('role-name-streetCleaner').textContent).toBe(`${XSS}街面保洁员`);
    expect(screen.queryByTestId('role-system-streetCleaner')).toBeNull();
    expect(document.querySelector('script')).toBeNull();
    const row = screen.getByTestId('role-name-streetCleaner').closest('tr')!;
    expect(within(row).getByText('streetCleaner')).toBeTruthy();
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toContain('2');
    // A role still granted cannot be deleted; an unused one can.
    expect((screen.getByTestId('role-delete-streetCleaner') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('role-delete-unusedRole') as HTMLButtonElement).disabled).toBe(false);
    // System roles have no delete at all.
    expect(screen.queryByTestId('role-delete-officeAdmin')).toBeNull();
  });

  it('creates a role: checks the code, offers only held permissions, shows server errors in the form', async () => {
    const created: Role = { code: 'parkKeeper', name: '公园管护员', isSystem: false, permissions: ['unit.view', 'case.view'], grantCount: 0 };
    const calls = stubApi(buildMe(SYSTEM_ROLES.officeAdmin), [
      json(
        {
          error: {
            code: 'role_exists',
            message: '角色编码“parkKeeper”已被使用，请换一个编码',
            details: [{ path: 'code', message: '角色编码“parkKeeper”已被使用，请换一个编码' }],
          },
        },
        409,
      ),
      json({ error: { code: 'internal', message: '服务器内部错误，请稍后重试', details: null } }, 500),
      json(created, 201),
    ]);
    openRolesPage();
    fireEvent.click(await screen.findByTestId('role-create'));

    fireEvent.change(await screen.findByTestId('role-form-code'), { target: { value: 'Park-keeper' } });
    fireEvent.change(screen.getByTestId('role-form-name'), { target: { value: '公园管护员' } });
    fireEvent.click(screen.getByTestId('role-form-submit'));
    expect(await screen.findByText('编码须以小写字母开头，由 3–32 位字母或数字组成')).toBeTruthy();
    expect(await screen.findByText('请至少选择一项权限')).toBeTruthy();

    // Grouped by module with the domain's labels; the office admin does not hold evidence.submit.
    expect(screen.getByTestId('role-group-case').textContent).toContain('问题处置');
    expect(checkbox('evidence.submit').disabled).toBe(true);
    expect(checkbox('role.manage').disabled).toBe(false);
    fireEvent.change(screen.getByTestId('role-form-code'), { target: { value: 'parkKeeper' } });
    fireEvent.click(checkbox('case.view'));
    fireEvent.click(checkbox('unit.view'));

    fireEvent.click(screen.getByTestId('role-form-submit'));
    expect(await screen.findByText('角色编码“parkKeeper”已被使用，请换一个编码')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post).toMatchObject({ url: '/api/roles', body: { code: 'parkKeeper', name: '公园管护员', permissions: ['unit.view', 'case.view'] } });

    fireEvent.click(screen.getByTestId('role-form-submit'));
    expect((await screen.findByTestId('role-form-error')).textContent).toContain('服务器内部错误');

    fireEvent.click(screen.getByTestId('role-form-submit'));
    await waitFor(() => expect(screen.queryByTestId('role-form')).toBeNull());
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(3);
  });

  it('shows a system role read-only with its permissions', async () => {
    stubApi(buildMe(SYSTEM_ROLES.officeAdmin));
    openRolesPage();
    fireEvent.click(await screen.findByTestId('role-open-officeAdmin'));
    expect(await screen.findByText('系统角色随平台提供，不能修改；如需其他权限组合，请新建角色。')).toBeTruthy();
    expect(screen.queryByTestId('role-form-submit')).toBeNull();
    expect(checkbox('role.manage').checked).toBe(true);
    expect(checkbox('role.manage').disabled).toBe(true);
    // Only what the role has is listed.
    expect(screen.queryByTestId('role-perm-evidence.submit')).toBeNull();
  });

  it('lets a reader without role.manage look but not change', async () => {
    stubApi(buildMe(SYSTEM_ROLES.leader));
    openRolesPage();
    expect(await screen.findByTestId('role-name-streetCleaner')).toBeTruthy();
    expect(screen.queryByTestId('role-create')).toBeNull();
    expect(screen.queryByTestId('role-delete-unusedRole')).toBeNull();
    expect(screen.getByTestId('role-open-streetCleaner').textContent).toBe('查看');
  });
});
