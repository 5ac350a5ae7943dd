import '../i18n';
import { Button, Card, Empty, Space, Typography } from 'antd';
import { EnvironmentOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorState, PageLoading } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { listInbox } from '../api';
import { compareInbox } from '../caseDisplay';
import { CaseStateTag, DeadlineText, OverdueTag, categoryText } from '../components/CaseBits';

/** Phone-first queue of the caller's units: overdue first, then by deadline; a tap opens the case. */
export default function CaseInboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inbox = useRequest((signal) => listInbox(signal), 'inbox');
  const items = [...(inbox.data?.items ?? [])].sort(compareInbox);

  return (
    <div data-testid="page-case-inbox" style={{ maxWidth: 760 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('case.inbox.title')}
        </Typography.Title>
        <Space>
          {inbox.data && <Typography.Text type="secondary">{t('case.inbox.count', { count: items.length })}</Typography.Text>}
          <Button icon={<ReloadOutlined />} onClick={inbox.reload} aria-label={t('common.reload')} />
        </Space>
      </Space>
      {inbox.error ? (
        <ErrorState error={inbox.error} onRetry={inbox.reload} />
      ) : inbox.loading && !inbox.data ? (
        <PageLoading />
      ) : items.length === 0 ? (
        <Card>
          <Empty description={t('case.inbox.empty')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={10} style={{ width: '100%' }}>
          {items.map((item) => (
            <Card
              key={item.id}
              hoverable
              size="small"
              onClick={() => navigate(`/cases/${item.id}`)}
              style={{ borderLeft: `4px solid ${item.isOverdue ? '#cf1322' : '#fa8c16'}`, cursor: 'pointer' }}
              styles={{ body: { padding: '12px 14px', minHeight: 64 } }}
              data-testid="inbox-item"
              data-case-id={item.id}
              role="button"
            >
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Space size={4} wrap>
                    <Typography.Text strong>{item.number}</Typography.Text>
                    <CaseStateTag state={item.state} />
                    {item.isOverdue && <OverdueTag />}
                  </Space>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '6px 0 2px', fontSize: 15 }} data-testid="inbox-item-description">
                    {item.description}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {categoryText(item, t)}
                  </Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                      <EnvironmentOutlined /> {item.address}
                    </Typography.Text>
                  </div>
                  <DeadlineText item={item} compact />
                </div>
                <RightOutlined style={{ color: '#bfbfbf', fontSize: 18 }} />
              </div>
            </Card>
          ))}
        </Space>
      )}
    </div>
  );
}
