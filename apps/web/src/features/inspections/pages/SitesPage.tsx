import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CircleMarker, Tooltip } from 'react-leaflet';
import { SITE_TYPES, type SiteType } from '@chuangwen/domain/framework/framework.schemas';
import { useSession } from '../../auth/session';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { CountyMap } from '../../map/CountyMap';
import { ImportButton } from '../../framework/components/shared';
import { SITE_EXPORT_URL, createSite, importSites, listSites, siteMap, type Site } from '../api';

const TYPE_COLOURS = ['#c41d2f', '#1677ff', '#389e0d', '#d48806', '#722ed1', '#08979c', '#eb2f96', '#595959'];

export default function SitesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const [view, setView] = useState<'list' | 'map'>('list');
  const [type, setType] = useState<SiteType | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useRequest((s) => listSites({ type, q: q || undefined, page, pageSize: 20 }, s), `sites:${type}:${q}:${page}`);
  const points = useRequest((s) => siteMap(s), 'sites:map', view === 'map');
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  const typeOptions = SITE_TYPES.map((st) => ({ value: st, label: t(`fw.siteType.${st}`) }));

  return (
    <div data-testid="page-sites">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.sites')}
      </Typography.Title>
      <Card
        size="small"
        title={
          <Space wrap>
            <Segmented
              value={view}
              onChange={(v) => setView(v as 'list' | 'map')}
              options={[
                { value: 'list', label: t('insp.view.list') },
                { value: 'map', label: t('insp.view.map') },
              ]}
            />
            <Select
              allowClear
              placeholder={t('insp.allTypes')}
              style={{ width: 160 }}
              options={typeOptions}
              value={type}
              onChange={(v) => {
                setType(v);
                setPage(1);
              }}
            />
            <Input.Search
              allowClear
              placeholder={t('insp.search')}
              style={{ width: 200 }}
              onSearch={(v) => {
                setQ(v);
                setPage(1);
              }}
            />
          </Space>
        }
        extra={
          <Space wrap>
            {can('site.manage') && (
              <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="site-new">
                {t('insp.site.new')}
              </Button>
            )}
            {can('site.manage') && (
              <ImportButton
                label={t('insp.site.import')}
                accept=".xlsx"
                upload={importSites}
                testId="site-import"
                onDone={(r) => {
                  const res = r as { created: number; updated: number };
                  void message.success(t('insp.site.imported', res));
                  list.reload();
                }}
              />
            )}
            <Button icon={<DownloadOutlined />} href={SITE_EXPORT_URL}>
              {t('insp.site.export')}
            </Button>
          </Space>
        }
      >
        {view === 'list' ? (
          <Table<Site>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            data-testid="site-list"
            pagination={{
              current: page,
              pageSize: 20,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showTotal: (total) => t('insp.site.total', { total }),
              showSizeChanger: false,
            }}
            columns={[
              { title: t('insp.site.code'), dataIndex: 'code', width: 90 },
              { title: t('insp.site.type'), dataIndex: 'type', width: 120, render: (v: SiteType) => <Tag>{t(`fw.siteType.${v}`)}</Tag> },
              { title: t('insp.site.name'), dataIndex: 'name' },
              { title: t('insp.site.address'), dataIndex: 'address' },
              { title: t('insp.site.town'), dataIndex: ['town', 'name'], width: 110 },
              { title: t('insp.site.unit'), dataIndex: ['unit', 'name'], width: 110 },
              { title: t('insp.site.person'), dataIndex: 'personInCharge', width: 100 },
            ]}
          />
        ) : (
          <CountyMap height={560} kinds={['town', 'subdistrict', 'community', 'village']} testId="site-map">
            {(points.data?.items ?? [])
              .filter((p) => !type || p.type === type)
              .map((p) => (
                <CircleMarker
                  key={p.id}
                  center={[p.lat, p.lon]}
                  radius={7}
                  pathOptions={{ color: '#fff', weight: 1, fillColor: TYPE_COLOURS[SITE_TYPES.indexOf(p.type) % TYPE_COLOURS.length], fillOpacity: 0.9 }}
                >
                  <Tooltip>
                    {p.name}（{t(`fw.siteType.${p.type}`)}）
                  </Tooltip>
                </CircleMarker>
              ))}
          </CountyMap>
        )}
      </Card>
      <SiteForm
        open={creating}
        onClose={(saved) => {
          setCreating(false);
          if (saved) list.reload();
        }}
      />
    </div>
  );
}

function SiteForm({ open, onClose }: { open: boolean; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [point, setPoint] = useState<{ lon: number; lat: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    if (!point) return;
    setBusy(true);
    try {
      await createSite({ ...v, lon: point.lon, lat: point.lat });
      form.resetFields();
      setPoint(null);
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('insp.site.new')}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okButtonProps={{ disabled: !point, loading: busy }}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="type" label={t('insp.site.type')} rules={[{ required: true }]}>
          <Select options={SITE_TYPES.map((st) => ({ value: st, label: t(`fw.siteType.${st}`) }))} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="name" label={t('insp.site.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t('insp.site.address')} rules={[{ required: true, max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="personInCharge" label={t('insp.site.person')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('insp.site.lonlat')} required>
          <CountyMap height={260} kinds={['town', 'subdistrict', 'community', 'village']} onMapClick={(lon, lat) => setPoint({ lon, lat })}>
            {point && <CircleMarker center={[point.lat, point.lon]} radius={8} pathOptions={{ color: '#c41d2f' }} />}
          </CountyMap>
          {point && (
            <Typography.Text type="secondary">
              {point.lon.toFixed(6)}, {point.lat.toFixed(6)}
            </Typography.Text>
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}
