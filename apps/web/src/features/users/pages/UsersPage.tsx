import { useState } from 'react';
import { App, Button, Card, Dropdown, Input, Select, Space, Table, Tag, TreeSelect, Typography, type MenuProps, type TableColumnsType } from 'antd';
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLE_CODES } from '@chuangwen/domain/auth/permissions';
import type { User } from '@chuangwen/domain/users/user.schemas';
import { useSession } from '../../auth/session';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { formatDateTime } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { useUnitTree } from '../../units/useUnitTree';
import { listRoles, listUsers, unlockUser, updateUser, userStatus, USER_STATUSES, type UserQuery, type UserStatus } from '../api';
import { ResetPasswordModal } from '../components/ResetPasswordModal';
import { UserDrawer } from '../components/UserDrawer';
import { grantRoleLabel, roleOptions } from '../roles';

const STATUS_COLORS: Record<UserStatus, string> = { active: 'green', inactive: 'default', locked: 'orange' };

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('user.manage');
  const showError = useShowError();
  const units = useUnitTree(can('unit.view'));
  const roles = useRequest((signal) => listRoles(signal), 'roles');
  // Until the list arrives (or if it cannot be read) the system roles still label and filter.
  const roleList = roles.data?.items ?? ROLE_CODES.map((code) => ({ code, name: null }));

  const [query, setQuery] = useState<UserQuery>({ page: 1, pageSize: 20 });
  const users = useRequest((signal) => listUsers(query, signal), JSON.stringify(query));
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const setFilter = (patch: Partial<UserQuery>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      void message.success(done);
    } catch (error) {
      showError(error);
    } finally {
      users.reload();
    }
  };

  const actionsFor = (user: User): MenuProps['items'] => [
    {
      key: 'toggle',
      label: user.isActive ? t('user.disable') : t('user.enable'),
      onClick: () =>
        void run(() => updateUser(user.id, { version: user.version, isActive: !user.isActive }), user.isActive ? t('user.disabled') : t('user.enabled')),
    },
    ...(user.isLocked ? [{ key: 'unlock', label: t('user.unlock'), onClick: () => void run(() => unlockUser(user.id), t('user.unlocked')) }] : []),
    { key: 'reset', label: t('user.resetPassword'), onClick: () => setResetting(user) },
  ];

  const columns: TableColumnsType<User> = [
    {
      title: t('user.name'),
      dataIndex: 'name',
      render: (_, user) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong data-testid="user-row-name">
            {user.name}
          </Typography.Text>
          <Typography.Text type="secondary">{user.username}</Typography.Text>
        </Space>
      ),
    },
    { title: t('user.unit'), dataIndex: 'unitName', responsive: ['md'] },
    {
      title: t('user.roles'),
      dataIndex: 'grants',
      responsive: ['lg'],
      render: (_, user) =>
        user.grants.length ? (
          <Space size={[4, 4]} wrap>
            {user.grants.map((g) => (
              <Tag key={`${g.roleCode}-${g.unitId}`}>
                {grantRoleLabel(t, g)} · {g.unitName}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('user.status'),
      key: 'status',
      width: 90,
      render: (_, user) => {
        const status = userStatus(user);
        return <Tag color={STATUS_COLORS[status]}>{t(`user.status.${status}`)}</Tag>;
      },
    },
    { title: t('user.lastLoginAt'), dataIndex: 'lastLoginAt', responsive: ['xl'], render: (v: string | null) => formatDateTime(v) },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, user: User) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(user)} data-testid={`user-edit-${user.username}`}>
                  {t('common.edit')}
                </Button>
                <Dropdown menu={{ items: actionsFor(user) }} trigger={['click']}>
                  <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('common.more')} data-testid={`user-more-${user.username}`} />
                </Dropdown>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="page-users">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.users')}
      </Typography.Title>
      <Card size="small">
        <Space wrap className="cw-filters" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('user.searchPlaceholder')}
            onSearch={(q) => setFilter({ q: q.trim() || undefined })}
            style={{ width: 220 }}
            data-testid="user-search"
          />
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('user.filterUnit')}
            treeData={units.selectData}
            fieldNames={{ label: 'title', value: 'value', children: 'children' }}
            style={{ width: 220 }}
            onChange={(unitId) => setFilter({ unitId: (unitId as number | undefined) ?? undefined })}
          />
          <Select
            allowClear
            placeholder={t('user.filterRole')}
            style={{ width: 160 }}
            options={roleOptions(t, roleList)}
            data-testid="user-filter-role"
            onChange={(roleCode?: string) => setFilter({ roleCode })}
          />
          <Select
            allowClear
            placeholder={t('user.filterStatus')}
            style={{ width: 130 }}
            options={USER_STATUSES.map((s) => ({ value: s, label: t(`user.status.${s}`) }))}
            onChange={(status?: UserStatus) => setFilter({ status })}
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
              {t('user.create')}
            </Button>
          )}
        </Space>
        {users.error ? (
          <ErrorState error={users.error} onRetry={users.reload} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            data-testid="user-table"
            loading={users.loading}
            columns={columns}
            dataSource={users.data?.items ?? []}
            locale={{ emptyText: t('user.empty') }}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: users.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) => setQuery((q) => ({ ...q, page: pageSize === q.pageSize ? page : 1, pageSize })),
            }}
          />
        )}
      </Card>
      {editing && (
        <UserDrawer
          user={editing === 'new' ? null : editing}
          roles={roleList}
          unitSelectData={units.selectData}
          onClose={() => setEditing(null)}
          onConflict={() => {
            setEditing(null);
            users.reload();
          }}
          onSaved={(saved) => {
            void message.success(t('user.saved', { name: saved.name }));
            setEditing(null);
            users.reload();
          }}
        />
      )}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </div>
  );
}
