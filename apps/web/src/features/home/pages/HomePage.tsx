import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../auth/session';
import { visibleMenu } from '../../../admin/shell/menu';
import { grantRoleLabel } from '../../users/roles';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const shortcuts = visibleMenu(me).filter((item) => item.shortcut);

  return (
    <div data-testid="page-home">
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-welcome">
          {t('home.welcome', { name: me.name })}
        </Typography.Title>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('home.unit')}>{me.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            {me.grants.length === 0 ? (
              <Typography.Text type="secondary">{t('home.noRoles')}</Typography.Text>
            ) : (
              <Space size={[4, 4]} wrap>
                {me.grants.map((grant) => (
                  <Tag key={`${grant.roleCode}-${grant.unitId}`} color="red" data-testid="home-role">
                    {grantRoleLabel(t, grant)} · {grant.unitName}
                  </Tag>
                ))}
              </Space>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Typography.Title level={5} style={{ margin: '20px 0 12px' }}>
        {t('home.shortcuts')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {shortcuts.map((item) => {
          const Icon = item.icon;
          return (
            <Col key={item.key} xs={12} sm={8} lg={6}>
              <Card hoverable onClick={() => navigate(item.path)} data-testid={`shortcut-${item.key}`}>
                <Space>
                  <Icon />
                  {t(item.labelKey)}
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
    </div>
  );
}
