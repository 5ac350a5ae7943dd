import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { assignResponsibility, bulkAssign, importMatrix, listMatrix, matrixExportUrl, type MatrixRow } from '../api';
import { FrameworkPicker, ImportButton, useFrameworkChoice, useUnitOptions } from '../components/shared';

type AssignValues = { leadUnitId: number; supportingUnitIds?: number[]; dueOn?: { format: (f: string) => string } | null };

export default function MatrixPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const choice = useFrameworkChoice();
  const id = choice.current?.id;
  const [q, setQ] = useState('');
  const [onlyUnassigned, setOnlyUnassigned] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<MatrixRow[] | null>(null);
  const [form] = Form.useForm<AssignValues>();
  const units = useUnitOptions();
  const rows = useRequest(
    (signal) => listMatrix(id!, { q, unassigned: onlyUnassigned ? 'true' : undefined }, signal),
    `matrix-${id}-${q}-${onlyUnassigned}`,
    id !== undefined,
  );

  if (choice.error) return <ErrorState error={choice.error} onRetry={choice.reload} />;

  const save = async (v: AssignValues) => {
    const input = { leadUnitId: v.leadUnitId, supportingUnitIds: v.supportingUnitIds ?? [], dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null };
    try {
      if (editing!.length === 1) await assignResponsibility(id!, editing![0]!.nodeId, input);
      else await bulkAssign(id!, { ...input, nodeIds: editing!.map((r) => r.nodeId) });
      void message.success(t('fw.assigned', { count: editing!.length }));
      setEditing(null);
      setSelected([]);
      rows.reload();
    } catch (error) {
      showError(error);
    }
  };
  const open = (list: MatrixRow[]) => {
    const r = list.length === 1 ? list[0]!.responsibility : null;
    form.resetFields();
    form.setFieldsValue({ leadUnitId: r?.lead.id, supportingUnitIds: r?.supporting.map((s) => s.id) ?? [] });
    setEditing(list);
  };
  const items = rows.data?.items ?? [];

  return (
    <div data-testid="page-framework-matrix">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.frameworkMatrix')}
      </Typography.Title>
      <Card
        size="small"
        title={<FrameworkPicker choice={choice} />}
        extra={
          id !== undefined && (
            <Space wrap>
              <ImportButton
                label={t('fw.importMatrix')}
                accept=".xlsx"
                testId="fw-matrix-import"
                upload={(file) => importMatrix(id, file)}
                onDone={(r) => {
                  void message.success(t('fw.assigned', { count: (r as { updated: number }).updated }));
                  rows.reload();
                }}
              />
              <Button icon={<DownloadOutlined />} href={matrixExportUrl(id)}>
                {t('fw.exportMatrix')}
              </Button>
            </Space>
          )
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('fw.search')} onSearch={setQ} style={{ width: 220 }} />
          <Checkbox checked={onlyUnassigned} onChange={(e) => setOnlyUnassigned(e.target.checked)}>
            {t('fw.onlyUnassigned')}
          </Checkbox>
          <Button disabled={!selected.length} onClick={() => open(items.filter((r) => selected.includes(r.nodeId)))} data-testid="fw-bulk-assign">
            {t('fw.bulkAssign', { count: selected.length })}
          </Button>
        </Space>
        <Table<MatrixRow>
          rowKey="nodeId"
          size="small"
          loading={rows.loading}
          dataSource={items}
          data-testid="fw-matrix"
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          columns={[
            { title: t('fw.code'), dataIndex: 'code', width: 90 },
            { title: t('fw.area'), dataIndex: 'areaName', width: 150, ellipsis: true },
            { title: t('fw.criterion'), dataIndex: 'name', ellipsis: true },
            { title: t('fw.points'), dataIndex: 'points', width: 70, align: 'right' },
            {
              title: t('fw.lead'),
              key: 'lead',
              width: 170,
              render: (_, r) => r.responsibility?.lead.name ?? <Typography.Text type="warning">{t('fw.unassigned')}</Typography.Text>,
            },
            { title: t('fw.supporting'), key: 'sup', width: 220, ellipsis: true, render: (_, r) => r.responsibility?.supporting.map((s) => s.name).join('、') },
            { title: t('fw.dueOn'), key: 'due', width: 110, render: (_, r) => r.responsibility?.dueOn },
            {
              title: t('common.actions'),
              key: 'a',
              width: 80,
              render: (_, r) => (
                <Button size="small" onClick={() => open([r])} data-testid={`fw-assign-${r.code}`}>
                  {t('fw.assign')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing?.length === 1 ? `${editing[0]!.code} ${editing[0]!.name}` : t('fw.bulkAssign', { count: editing?.length ?? 0 })}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'fw-assign-save' }}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="leadUnitId" label={t('fw.lead')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={units} data-testid="fw-assign-lead" />
          </Form.Item>
          <Form.Item name="supportingUnitIds" label={t('fw.supporting')}>
            <Select mode="multiple" showSearch optionFilterProp="label" options={units} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('fw.dueOn')}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
