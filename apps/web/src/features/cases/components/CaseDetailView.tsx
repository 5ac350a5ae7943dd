import '../i18n';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Image, Row, Space, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseAction, CaseState } from '@chuangwen/domain/cases/case.workflow';
import { ErrorState, PageLoading } from '../../../lib/feedback';
import { formatDateTime } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { getCase, type CaseDetail } from '../api';
import { ActionModal } from './ActionModal';
import { CaseStateTag, DeadlineText, OverdueTag, categoryText } from './CaseBits';

const CaseMiniMap = lazy(() => import('./CaseMiniMap'));

type Photo = CaseDetail['photos']['before'][number];

type Props = {
  caseId: number;
  /** After an action or a reload: lets a list refresh its row. */
  onChanged?: (detail: CaseDetail) => void;
  /** Extra buttons in the header (e.g. "open as a page" in the drawer). */
  extra?: ReactNode;
  /** Narrow layout (drawer, phone): sections stack. */
  narrow?: boolean;
};

/** One case: facts, location, before/after photos, timeline, and the caller's action buttons. */
export function CaseDetailView({ caseId, onChanged, extra, narrow }: Props) {
  const { t } = useTranslation();
  const [acting, setActing] = useState<CaseAction | null>(null);
  const [override, setOverride] = useState<CaseDetail | null>(null);
  const request = useRequest((signal) => getCase(caseId, signal), String(caseId));
  const detail = override && override.id === caseId && !request.loading ? override : request.data;

  const reload = () => {
    setOverride(null);
    request.reload();
  };

  if (request.error && !detail) return <ErrorState error={request.error} onRetry={reload} />;
  if (!detail) return <PageLoading />;

  const fullSpan = narrow ? 24 : 12;
  const photosById = new Map<string, Photo>([...detail.photos.before, ...detail.photos.after, ...detail.photos.attachments].map((p) => [p.fileId, p]));

  return (
    <div data-testid="case-detail" data-case-id={detail.id} data-version={detail.version}>
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-number">
            {detail.number}
          </Typography.Title>
          <CaseStateTag state={detail.state} />
          {detail.isOverdue && <OverdueTag />}
        </Space>
        {extra}
      </Space>

      <Card size="small" title={t('case.actions')} style={{ marginBottom: 12 }} data-testid="case-actions">
        {detail.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <Space wrap>
            {detail.allowedActions.map((action) => (
              <Button
                key={action}
                type={isPrimary(action) ? 'primary' : 'default'}
                danger={action === 'reject' || action === 'verifyFail'}
                size={narrow ? 'large' : 'middle'}
                onClick={() => setActing(action)}
                data-testid={`case-action-${action}`}
              >
                {t(`case.action.${action}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>

      {detail.pendingExtension && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('case.pendingExtension', {
            deadline: formatDateTime(detail.pendingExtension.requestedDeadlineAt).slice(0, 16),
            reason: detail.pendingExtension.reason,
          })}
          description={detail.extensionCount > 0 ? t('case.repeatExtension', { count: detail.extensionCount + 1 }) : undefined}
          data-testid="case-pending-extension"
        />
      )}
      {detail.parking && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('case.parking', { plan: detail.parking.plan, reviewAt: formatDateTime(detail.parking.reviewAt).slice(0, 10) })}
        />
      )}

      <Row gutter={[12, 12]}>
        <Col span={fullSpan}>
          <Card size="small" title={t('case.facts')}>
            <Descriptions column={1} size="small" styles={{ label: { width: 104 } }}>
              <Descriptions.Item label={t('case.description')}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="case-description">
                  {detail.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.category')}>{categoryText(detail, t)}</Descriptions.Item>
              <Descriptions.Item label={t('case.address')}>{detail.address}</Descriptions.Item>
              <Descriptions.Item label={t('case.sourceLabel')}>{t(`case.source.${detail.source}`)}</Descriptions.Item>
              <Descriptions.Item label={t('case.severityLabel')}>{t(`case.severity.${detail.severity}`)}</Descriptions.Item>
              <Descriptions.Item label={t('case.areaUnit')}>{detail.areaUnit?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.responsibleUnit')}>
                <span data-testid="case-responsible-unit">{detail.responsibleUnit?.name ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.deadline')}>
                <DeadlineText item={detail} compact />
              </Descriptions.Item>
              <Descriptions.Item label={t('case.reporter')}>{detail.reporter?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.submittedAt')}>{formatDateTime(detail.submittedAt)}</Descriptions.Item>
              {detail.dispatchedAt && <Descriptions.Item label={t('case.dispatchedAt')}>{formatDateTime(detail.dispatchedAt)}</Descriptions.Item>}
              {detail.rectifiedAt && <Descriptions.Item label={t('case.rectifiedAt')}>{formatDateTime(detail.rectifiedAt)}</Descriptions.Item>}
              {detail.closedAt && <Descriptions.Item label={t('case.closedAt')}>{formatDateTime(detail.closedAt)}</Descriptions.Item>}
              {detail.criterionCode && <Descriptions.Item label={t('case.criterion')}>{detail.criterionCode}</Descriptions.Item>}
              {detail.siteId && <Descriptions.Item label={t('case.site')}>{detail.siteId}</Descriptions.Item>}
              <Descriptions.Item label={t('case.counts')}>
                {`${detail.reworkCount} / ${detail.returnCount} / ${detail.extensionCount} / ${detail.urgeCount}`}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col span={fullSpan}>
          <Card size="small" title={t('case.location')} styles={{ body: { padding: 0, overflow: 'hidden' } }}>
            <Suspense fallback={<PageLoading />}>
              <CaseMiniMap lon={detail.lon} lat={detail.lat} height={narrow ? 200 : 260} />
            </Suspense>
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('case.photos')} data-testid="case-photos">
            <Row gutter={12}>
              <Col span={12} data-testid="case-photos-before">
                <PhotoColumn title={t('case.photosBefore')} photos={detail.photos.before} />
              </Col>
              <Col span={12} data-testid="case-photos-after">
                <PhotoColumn title={t('case.photosAfter')} photos={detail.photos.after} />
              </Col>
            </Row>
            {detail.photos.attachments.length > 0 && (
              <div style={{ marginTop: 12 }}>
                <PhotoColumn title={t('case.attachments')} photos={detail.photos.attachments} />
              </div>
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('case.timeline')}>
            <Timeline
              data-testid="case-timeline"
              items={detail.events.map((event) => ({
                key: event.id,
                color: event.action === 'overdue' ? 'red' : event.action === 'verifyFail' || event.action === 'return' ? 'orange' : 'blue',
                content: <TimelineEntry event={event} photosById={photosById} />,
              }))}
            />
          </Card>
        </Col>
      </Row>

      {acting && (
        <ActionModal
          detail={detail}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(next) => {
            setActing(null);
            setOverride(next);
            onChanged?.(next);
          }}
          onConflict={() => {
            setActing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

/** The workflow's main moves get the primary colour; the rest stay plain. */
function isPrimary(action: CaseAction): boolean {
  return ['accept', 'dispatch', 'reassign', 'submitRectification', 'verifyPass', 'approveExtension'].includes(action);
}

function PhotoColumn({ title, photos }: { title: string; photos: Photo[] }) {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        {photos.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noPhotos')} style={{ margin: 0 }} />
        ) : (
          <Image.PreviewGroup>
            <Space wrap size={8}>
              {photos.map((p) => (
                <Image
                  key={p.fileId}
                  src={p.thumbUrl ?? p.url}
                  preview={{ src: p.url }}
                  width={120}
                  height={120}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  alt={p.originalName}
                  data-testid="case-photo"
                />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
      </div>
    </div>
  );
}

type Event = CaseDetail['events'][number];

function TimelineEntry({ event, photosById }: { event: Event; photosById: Map<string, Photo> }) {
  const { t } = useTranslation();
  const data = event.data as Record<string, unknown>;
  const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const photos = event.attachmentIds.map((id) => photosById.get(id)).filter((p): p is Photo => Boolean(p));
  const stateChanged = event.from !== null && event.from !== event.to;
  return (
    <div data-testid="case-event" data-action={event.action}>
      <Space wrap size={8}>
        <Typography.Text strong>{t(`case.action.${event.action}`, { defaultValue: event.action })}</Typography.Text>
        <Typography.Text type="secondary">{event.actor?.name ?? t('case.system')}</Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(event.at)}</Typography.Text>
      </Space>
      {(stateChanged || event.from === null) && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {event.from && (
              <>
                {t(`case.state.${event.from as CaseState}`)} <ArrowRightOutlined />{' '}
              </>
            )}
            {t(`case.state.${event.to}`)}
          </Typography.Text>
        </div>
      )}
      {str('reason') && <div>{`${t('case.field.reason')}：${str('reason')}`}</div>}
      {str('plan') && <div>{`${t('case.field.plan')}：${str('plan')}`}</div>}
      {str('requestedDeadlineAt') && event.action === 'requestExtension' && (
        <div>{`${t('case.field.requestedDeadlineAt')}：${formatDateTime(str('requestedDeadlineAt')).slice(0, 16)}`}</div>
      )}
      {str('deadlineAt') && event.action !== 'overdue' && <div>{`${t('case.field.deadlineAt')}：${formatDateTime(str('deadlineAt')).slice(0, 16)}`}</div>}
      {event.note && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{event.note}</Typography.Paragraph>}
      {photos.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap size={6} style={{ marginTop: 4 }}>
            {photos.map((p) => (
              <Image
                key={p.fileId}
                src={p.thumbUrl ?? p.url}
                preview={{ src: p.url }}
                width={56}
                height={56}
                style={{ objectFit: 'cover', borderRadius: 4 }}
                alt={p.originalName}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </div>
  );
}
