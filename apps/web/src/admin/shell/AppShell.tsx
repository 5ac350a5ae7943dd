import { Suspense, useMemo, useState } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSession } from '../../features/auth/session';
import { PageLoading, useShowError } from '../../lib/feedback';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from '../../features/notifications/components/NotificationBell';
import { menuKeyForPath, visibleMenu } from './menu';

const { Header, Sider, Content } = Layout;

export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const showError = useShowError();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // Below 768px (antd `md`) the menu moves into a drawer behind a hamburger button.
  const isPhone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const items = useMemo(() => visibleMenu(me), [me]);
  const menuItems: MenuProps['items'] = items.map((item) => {
    const Icon = item.icon;
    return {
      key: item.key,
      icon: <Icon />,
      label: <span data-testid={`menu-${item.key}`}>{t(item.labelKey)}</span>,
    };
  });
  const selected = menuKeyForPath(location.pathname, items);
  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    const item = items.find((i) => i.key === key);
    if (item) navigate(item.path);
    setDrawerOpen(false);
  };

  const menu = (
    <Menu
      mode="inline"
      theme={isPhone ? 'light' : 'dark'}
      items={menuItems}
      selectedKeys={selected ? [selected] : []}
      onClick={onMenuClick}
      data-testid="main-menu"
    />
  );

  const onLogout = () => {
    logout().catch(showError);
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="app-shell">
      {!isPhone && (
        <Sider width={208} breakpoint="md" collapsedWidth={0} trigger={null}>
          <div className="cw-brand">{t('app.title')}</div>
          {menu}
        </Sider>
      )}
      <Layout>
        <Header className="cw-header">
          <Space size={8} style={{ minWidth: 0, flex: 1 }}>
            {isPhone && (
              <Button type="text" icon={<MenuOutlined />} aria-label={t('shell.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="menu-toggle" />
            )}
            {isPhone && <Typography.Text strong>{t('app.shortTitle')}</Typography.Text>}
          </Space>
          <Space size={isPhone ? 4 : 12} style={{ flexShrink: 0 }}>
            <NotificationBell />
            <span className="cw-user" data-testid="header-user">
              <Typography.Text strong>{me.name}</Typography.Text>
              {!isPhone && (
                <Typography.Text type="secondary" style={{ marginLeft: 8 }} data-testid="header-unit">
                  {me.unitName}
                </Typography.Text>
              )}
            </span>
            <LanguageSwitch size="small" />
            <Button type="text" icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout" aria-label={t('shell.logout')}>
              {isPhone ? null : t('shell.logout')}
            </Button>
          </Space>
        </Header>
        <Content className="cw-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      {isPhone && (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={240} title={t('app.title')} styles={{ body: { padding: 0 } }}>
          <div style={{ padding: '12px 24px' }}>
            <Typography.Text type="secondary">{me.unitName}</Typography.Text>
          </div>
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}
