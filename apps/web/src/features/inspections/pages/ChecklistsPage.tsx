import { useState } from 'react';
import { App, Button, Card, Empty, Select, Space, Switch, Table, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SITE_TYPES, type SiteType } from '@chuangwen/domain/framework/framework.schemas';
import { useSession } from '../../auth/session';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { FrameworkPicker, useFrameworkChoice } from '../../framework/components/shared';
import { deriveChecklist, listChecklist, reorderChecklist, updateChecklistItem, type ChecklistItem } from '../api';

export default function ChecklistsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const choice = useFrameworkChoice();
  const [siteType, setSiteType] = useState<SiteType>('mainRoad');
  const fwId = choice.current?.id;
  const items = useRequest((s) => listChecklist(fwId!, siteType, s), `checklist:${fwId}:${siteType}`, fwId != null);
  const editable = can('inspection.plan');
  if (choice.error) return <ErrorState error={choice.error} onRetry={choice.reload} />;
  const rows = items.data?.items ?? [];
  const move = async (index: number, by: -1 | 1) => {
    const ids = rows.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    try {
      await reorderChecklist(fwId!, siteType, ids);
      items.reload();
    } catch (e) {
      showError(e);
    }
  };
  const save = async (item: ChecklistItem, patch: { wording?: string; isActive?: boolean }) => {
    try {
      await updateChecklistItem(item.id, { ...patch, version: item.version });
      items.reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <div data-testid="page-checklists">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.checklists')}
      </Typography.Title>
      <Card
        size="small"
        title={
          <Space wrap>
            <FrameworkPicker choice={choice} />
            <Select
              style={{ width: 180 }}
              value={siteType}
              onChange={setSiteType}
              showSearch
              optionFilterProp="label"
              options={SITE_TYPES.map((st) => ({ value: st, label: t(`fw.siteType.${st}`) }))}
              data-testid="checklist-site-type"
            />
          </Space>
        }
        extra={
          editable &&
          fwId != null && (
            <Button
              onClick={() =>
                void deriveChecklist(fwId).then((r) => {
                  void message.success(t('insp.checklist.derived', r));
                  items.reload();
                }, showError)
              }
            >
              {t('insp.checklist.derive')}
            </Button>
          )
        }
      >
        {rows.length === 0 && !items.loading ? (
          <Empty description={t('insp.checklist.empty')} />
        ) : (
          <Table<ChecklistItem>
            rowKey="id"
            size="small"
            loading={items.loading}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 800 }}
            columns={[
              { title: '#', width: 50, render: (_v, _r, i) => i + 1 },
              { title: t('insp.checklist.criterion'), dataIndex: 'criterionCode', width: 110 },
              {
                title: t('insp.checklist.wording'),
                dataIndex: 'wording',
                render: (w: string, item) =>
                  editable ? (
                    <Typography.Paragraph
                      style={{ margin: 0 }}
                      editable={{
                        onChange: (v) => {
                          if (v.trim() && v !== w) void save(item, { wording: v.trim() });
                        },
                      }}
                    >
                      {w}
                    </Typography.Paragraph>
                  ) : (
                    w
                  ),
              },
              {
                title: t('insp.checklist.active'),
                dataIndex: 'isActive',
                width: 70,
                render: (a: boolean, item) => <Switch size="small" checked={a} disabled={!editable} onChange={(v) => void save(item, { isActive: v })} />,
              },
              ...(editable
                ? [
                    {
                      title: t('common.actions'),
                      width: 110,
                      render: (_v: unknown, _r: ChecklistItem, i: number) => (
                        <Space size={0}>
                          <Button
                            size="small"
                            type="text"
                            icon={<ArrowUpOutlined />}
                            disabled={i === 0}
                            onClick={() => void move(i, -1)}
                            aria-label={t('insp.checklist.up')}
                          />
                          <Button
                            size="small"
                            type="text"
                            icon={<ArrowDownOutlined />}
                            disabled={i === rows.length - 1}
                            onClick={() => void move(i, 1)}
                            aria-label={t('insp.checklist.down')}
                          />
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
    </div>
  );
}
