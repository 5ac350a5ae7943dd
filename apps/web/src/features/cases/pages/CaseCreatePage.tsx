import '../i18n';
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Cascader, Col, Descriptions, Form, Input, InputNumber, Result, Row, Select, Space, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CircleMarker } from 'react-leaflet';
import { CASE_SEVERITIES, caseCreateInput } from '@chuangwen/domain/cases/case.schemas';
import { allowedCaseSources, defaultCaseSource } from '@chuangwen/domain/auth/permissions';
import { applyApiErrorToForm } from '../../../lib/forms';
import { useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { useSession } from '../../auth/session';
import { CountyMap } from '../../map/CountyMap';
import { createCase, listCategories, routingProposal, type CaseWithActions, type RoutingProposal, type UploadedFile } from '../api';
import { categoryOptions, categoryPath } from '../categories';
import { newIdempotencyKey } from '../idempotency';
import { PhotoUploader } from '../components/PhotoUploader';
import { ruleText } from '../components/ActionModal';

type Point = { lon: number; lat: number };
type Values = {
  source: string;
  category?: string[];
  description?: string;
  severity: string;
  address?: string;
  beforePhotos?: UploadedFile[];
  criterionCode?: string;
  siteId?: number | null;
};

const FIELDS = ['source', 'category', 'description', 'severity', 'address', 'beforePhotos', 'criterionCode', 'siteId', 'lon', 'lat'];

export default function CaseCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const { me } = useSession();
  // The source follows the reporter's role: only the sources it may record, its default first chosen.
  const sources = useMemo(() => allowedCaseSources(me?.permissions ?? []), [me]);
  const [form] = Form.useForm<Values>();
  // One key per filled-in form: a retried submit (lost answer on a phone) returns the same case.
  const [key, setKey] = useState(() => newIdempotencyKey());
  const [point, setPoint] = useState<Point | null>(null);
  const [pointError, setPointError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [locating, setLocating] = useState(false);
  const [created, setCreated] = useState<CaseWithActions | null>(null);
  const categories = useRequest((signal) => listCategories(signal), 'case-categories');
  const options = useMemo(() => categoryOptions(categories.data?.items ?? [], t), [categories.data, t]);
  const category = Form.useWatch('category', form);
  const path = categoryPath(category);
  const [proposal, setProposal] = useState<RoutingProposal | null>(null);

  const routingKey = point && path.nature && path.categoryCode && path.subcategoryCode ? JSON.stringify({ ...point, ...path }) : null;
  useEffect(() => {
    if (!routingKey) {
      setProposal(null);
      return;
    }
    const controller = new AbortController();
    const q = JSON.parse(routingKey) as Parameters<typeof routingProposal>[0];
    routingProposal(q, controller.signal).then(setProposal, () => setProposal(null));
    return () => controller.abort();
  }, [routingKey]);

  const choosePoint = (lon: number, lat: number) => {
    setPoint({ lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 });
    setPointError(null);
  };

  const locate = () => {
    if (!('geolocation' in navigator)) {
      void message.warning(t('case.create.gpsUnavailable'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        choosePoint(pos.coords.longitude, pos.coords.latitude);
      },
      (err) => {
        setLocating(false);
        void message.warning(t('case.create.gpsFailed', { message: err.message }));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async (values: Values) => {
    if (!point) {
      setPointError(t('case.create.pickPoint'));
      return;
    }
    const p = categoryPath(values.category);
    const body = {
      source: values.source,
      nature: p.nature,
      categoryCode: p.categoryCode,
      subcategoryCode: p.subcategoryCode,
      description: values.description?.trim(),
      severity: values.severity,
      address: values.address?.trim(),
      lon: point.lon,
      lat: point.lat,
      beforePhotoIds: (values.beforePhotos ?? []).map((f) => f.id),
      criterionCode: values.criterionCode?.trim() || null,
      siteId: values.siteId ?? null,
    };
    const parsed = caseCreateInput.safeParse(body);
    if (!parsed.success) {
      // nature/category/subcategory issues belong to the one cascader field.
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: ['nature', 'categoryCode', 'subcategoryCode'].includes(String(i.path[0])) ? 'category' : (String(i.path[0]) as keyof Values),
          errors: [t('validation.invalid')],
        })),
      );
      return;
    }
    setSaving(true);
    try {
      const item = await createCase(parsed.data, key);
      setCreated(item);
      void message.success(t('case.create.created', { number: item.number }));
    } catch (error) {
      if (!applyApiErrorToForm(form, error, FIELDS)) showError(error);
    } finally {
      setSaving(false);
    }
  };

  const again = () => {
    form.resetFields();
    setPoint(null);
    setCreated(null);
    setKey(newIdempotencyKey());
  };

  if (created) {
    return (
      <div data-testid="page-case-create">
        <Result
          status="success"
          title={<span data-testid="case-created-number">{t('case.create.created', { number: created.number })}</span>}
          extra={[
            <Button key="view" type="primary" onClick={() => navigate(`/cases/${created.id}`)} data-testid="case-created-view">
              {t('case.create.view')}
            </Button>,
            <Button key="again" onClick={again} data-testid="case-create-another">
              {t('case.create.another')}
            </Button>,
          ]}
        />
      </div>
    );
  }

  return (
    <div data-testid="page-case-create">
      <Typography.Title level={4} className="cw-page-title">
        {t('case.create.title')}
      </Typography.Title>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ source: defaultCaseSource(me?.permissions ?? []) ?? undefined, severity: 'normal', beforePhotos: [] }}
        data-testid="case-create-form"
      >
        <Row gutter={[16, 0]}>
          <Col xs={24} lg={12}>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Form.Item name="source" label={t('case.sourceLabel')} rules={[{ required: true }]}>
                <Select options={sources.map((s) => ({ value: s, label: t(`case.source.${s}`) }))} data-testid="case-create-source" />
              </Form.Item>
              <Form.Item name="category" label={t('case.categoryPath')} rules={[{ required: true, message: t('case.field.required') }]}>
                <Cascader options={options} showSearch placeholder={t('case.category')} data-testid="case-create-category" />
              </Form.Item>
              <Form.Item name="description" label={t('case.description')} rules={[{ required: true, whitespace: true, message: t('case.field.required') }]}>
                <Input.TextArea rows={4} maxLength={4000} showCount data-testid="case-create-description" />
              </Form.Item>
              <Form.Item name="severity" label={t('case.severityLabel')}>
                <Select options={CASE_SEVERITIES.map((s) => ({ value: s, label: t(`case.severity.${s}`) }))} data-testid="case-create-severity" />
              </Form.Item>
              <Form.Item name="beforePhotos" label={t('case.create.beforePhotos')}>
                <PhotoUploader testId="case-create-photos" />
              </Form.Item>
              <Typography.Text type="secondary">{t('case.create.optional')}</Typography.Text>
              <Space wrap style={{ marginTop: 8 }}>
                <Form.Item name="criterionCode" style={{ marginBottom: 0 }}>
                  <Input placeholder={t('case.filter.criterion')} maxLength={64} data-testid="case-create-criterion" />
                </Form.Item>
                <Form.Item name="siteId" style={{ marginBottom: 0 }}>
                  <InputNumber min={1} placeholder={t('case.filter.site')} data-testid="case-create-site" />
                </Form.Item>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
                <Typography.Text strong>{t('case.create.location')}</Typography.Text>
                <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="case-create-gps">
                  {t('case.create.useGps')}
                </Button>
              </Space>
              <CountyMap height={300} onMapClick={choosePoint} testId="case-create-map">
                {point && (
                  <CircleMarker
                    center={[point.lat, point.lon]}
                    radius={9}
                    pathOptions={{ color: '#fff', weight: 2, fillColor: '#c41d2f', fillOpacity: 0.95 }}
                  />
                )}
              </CountyMap>
              <div style={{ margin: '6px 0 12px' }} data-testid="case-create-point">
                {point ? (
                  <Typography.Text type="secondary">{t('case.create.point', { lon: point.lon.toFixed(6), lat: point.lat.toFixed(6) })}</Typography.Text>
                ) : (
                  <Typography.Text type={pointError ? 'danger' : 'secondary'}>{t('case.create.pickPoint')}</Typography.Text>
                )}
              </div>
              <Form.Item name="address" label={t('case.address')} rules={[{ required: true, whitespace: true, message: t('case.field.required') }]}>
                <Input maxLength={300} data-testid="case-create-address" />
              </Form.Item>
            </Card>
            <Card size="small" title={t('case.create.routing')} style={{ marginBottom: 12 }} data-testid="case-create-routing">
              {proposal ? (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('case.create.routingResponsible')}>
                    <span data-testid="case-routing-responsible">{proposal.responsibleUnit?.name ?? '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('case.create.routingSupporting')}>{proposal.supportingUnit?.name ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('case.create.routingGrid')}>{proposal.grid?.name ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('case.create.routingDeadline')}>{ruleText(proposal.deadlineRule, t)}</Descriptions.Item>
                </Descriptions>
              ) : (
                <Typography.Text type="secondary">{t('case.create.routingNone')}</Typography.Text>
              )}
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('case.create.routingHint')}
                </Typography.Text>
              </div>
            </Card>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" size="large" loading={saving} block data-testid="case-create-submit">
          {t('case.create.submit')}
        </Button>
      </Form>
    </div>
  );
}
