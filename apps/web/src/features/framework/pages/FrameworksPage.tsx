import { App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorState } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { FRAMEWORK_TEMPLATE_URL, importFrameworkExcel, importFrameworkJson, listFrameworks, type FrameworkSummary } from '../api';
import { IllustrativeTag, ImportButton } from '../components/shared';

const STATUS_COLOR = { draft: 'default', published: 'green', archived: 'default' } as const;

export default function FrameworksPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const list = useRequest((signal) => listFrameworks(signal), 'frameworks');
  const imported = (result: unknown) => {
    const f = result as FrameworkSummary;
    void message.success(t('fw.imported', { name: f.name }));
    navigate(`/frameworks/${f.id}`);
  };

  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <div data-testid="page-frameworks">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.frameworks')}
      </Typography.Title>
      <Card
        size="small"
        title={
          can('framework.edit') && (
            <Space wrap>
              <ImportButton label={t('fw.importExcel')} accept=".xlsx" upload={importFrameworkExcel} onDone={imported} testId="fw-import-excel" />
              <ImportButton
                label={t('fw.importJson')}
                accept=".json,application/json"
                testId="fw-import-json"
                onDone={imported}
                upload={async (file) => importFrameworkJson(JSON.parse(await file.text()))}
              />
              <Button icon={<DownloadOutlined />} href={FRAMEWORK_TEMPLATE_URL}>
                {t('fw.template')}
              </Button>
            </Space>
          )
        }
      >
        <Table<FrameworkSummary>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          data-testid="fw-list"
          columns={[
            { title: t('fw.name'), dataIndex: 'name', render: (name: string, f) => <Link to={`/frameworks/${f.id}`}>{name}</Link> },
            { title: t('fw.edition'), dataIndex: 'edition', width: 120 },
            {
              title: t('fw.statusLabel'),
              dataIndex: 'status',
              width: 90,
              render: (s: FrameworkSummary['status']) => <Tag color={STATUS_COLOR[s]}>{t(`fw.status.${s}`)}</Tag>,
            },
            { title: t('fw.criteria'), dataIndex: 'criteriaCount', width: 100, align: 'right' },
            {
              title: t('fw.totalPoints'),
              dataIndex: 'totalPoints',
              width: 160,
              align: 'right',
              render: (p: string, f) => (
                <Space>
                  {p}
                  {f.pointsAreIllustrative && <IllustrativeTag />}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
