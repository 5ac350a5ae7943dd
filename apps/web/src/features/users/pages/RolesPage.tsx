import { useMemo, useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../../auth/session';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { deleteRole, listRoles, type Role } from '../api';
import { roleLabel } from '../roles';
import { RoleDrawer } from '../components/RoleDrawer';

export default function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const canManage = can('role.manage');
  const held = useMemo(() => new Set<string>(me.permissions), [me.permissions]);
  const showError = useShowError();
  const roles = useRequest((signal) => listRoles(signal), 'roles');
  const [open, setOpen] = useState<Role | 'new' | null>(null);

  const remove = async (role: Role) => {
    try {
      await deleteRole(role.code);
      void message.success(t('roles.deleted', { name: roleLabel(t, role) }));
    } catch (error) {
      showError(error);
    } finally {
      roles.reload();
    }
  };

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      key: 'name',
      render: (_, role) => (
        <Space size={6}>
          <Typography.Text strong data-testid={`role-name-${role.code}`}>
            {roleLabel(t, role)}
          </Typography.Text>
          {role.isSystem && <Tag data-testid={`role-system-${role.code}`}>{t('roles.system')}</Tag>}
        </Space>
      ),
    },
    { title: t('roles.code'), dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: t('roles.permissionCount'), key: 'permissions', align: 'right', render: (_, role) => role.permissions.length },
    { title: t('roles.grantCount'), dataIndex: 'grantCount', align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, role) => {
        const editable = canManage && !role.isSystem;
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setOpen(role)} data-testid={`role-open-${role.code}`}>
              {editable ? t('common.edit') : t('roles.view')}
            </Button>
            {editable &&
              (role.grantCount > 0 ? (
                <Tooltip title={t('roles.inUse', { count: role.grantCount })}>
                  <span>
                    <Button type="link" size="small" danger disabled data-testid={`role-delete-${role.code}`}>
                      {t('common.delete')}
                    </Button>
                  </span>
                </Tooltip>
              ) : (
                <Popconfirm
                  title={t('roles.deleteConfirm', { name: roleLabel(t, role) })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true, ...{ 'data-testid': 'role-delete-confirm' } }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove(role)}
                >
                  <Button type="link" size="small" danger data-testid={`role-delete-${role.code}`}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ))}
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid="page-roles">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.roles')}
      </Typography.Title>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('roles.help')}</Typography.Text>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen('new')} data-testid="role-create">
              {t('roles.create')}
            </Button>
          )}
        </Space>
        {roles.error ? (
          <ErrorState error={roles.error} onRetry={roles.reload} />
        ) : (
          <Table<Role>
            rowKey="code"
            size="middle"
            data-testid="role-table"
            loading={roles.loading}
            columns={columns}
            dataSource={roles.data?.items ?? []}
            locale={{ emptyText: t('roles.empty') }}
            scroll={{ x: 'max-content' }}
            pagination={false}
          />
        )}
      </Card>
      {open && (
        <RoleDrawer
          role={open === 'new' ? null : open}
          readOnly={open !== 'new' && (open.isSystem || !canManage)}
          held={held}
          onClose={() => setOpen(null)}
          onSaved={(saved) => {
            void message.success(t('roles.saved', { name: roleLabel(t, saved) }));
            setOpen(null);
            roles.reload();
          }}
        />
      )}
    </div>
  );
}
