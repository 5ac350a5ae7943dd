import { useState } from 'react';
import { App, Button, Card, Empty, Input, List, Modal, Space, Tag, Typography, Upload } from 'antd';
import { EditOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EvidenceKind } from '@chuangwen/domain/framework/framework.schemas';
import { ErrorState, PageLoading, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { listMine, submitNarrative, uploadEvidence, type EvidenceItem, type MyResponsibility } from '../api';
import { FrameworkPicker, useFrameworkChoice } from '../components/shared';

const STATE_COLOR = { submitted: 'blue', accepted: 'green', returned: 'red' } as const;
const ACCEPT: Record<Exclude<EvidenceKind, 'narrative'>, string> = {
  photo: 'image/jpeg,image/png,image/webp',
  document: '.pdf,.docx,.doc',
  table: '.xlsx,.xls',
};

export function EvidenceTag({ item }: { item: EvidenceItem }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOR[item.state]}>{t(`fw.evidenceState.${item.state}`)}</Tag>;
}

export default function MyResponsibilitiesPage() {
  const { t } = useTranslation();
  const choice = useFrameworkChoice();
  const id = choice.current?.id;
  const mine = useRequest((signal) => listMine(id!, signal), `mine-${id}`, id !== undefined);
  if (choice.error || mine.error) return <ErrorState error={choice.error ?? mine.error} onRetry={mine.reload} />;
  return (
    <div data-testid="page-framework-mine">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.frameworkMine')}
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <FrameworkPicker choice={choice} />
        {mine.loading && !mine.data ? (
          <PageLoading />
        ) : !mine.data?.items.length ? (
          <Empty description={t('fw.myEmpty')} />
        ) : (
          <List dataSource={mine.data.items} renderItem={(item) => <CriterionCard key={item.nodeId} frameworkId={id!} item={item} onChange={mine.reload} />} />
        )}
      </Space>
    </div>
  );
}

function CriterionCard({ frameworkId, item, onChange }: { frameworkId: number; item: MyResponsibility; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const [narrative, setNarrative] = useState<string | null>(null);
  const unitId = item.myUnits[0]?.id;
  const kinds = [...new Set(item.evidenceRequirements.map((e) => e.kind))];
  const fileKinds = (kinds.length ? kinds : (['document', 'photo'] as EvidenceKind[])).filter(
    (k): k is Exclude<EvidenceKind, 'narrative'> => k !== 'narrative',
  );
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      void message.success(t('fw.submitted'));
      onChange();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`fw-mine-${item.code}`}
      title={
        <Space wrap>
          <span>
            {item.code} {item.name}
          </span>
          <Tag>{item.points}</Tag>
          {item.myUnits.map((u) => (
            <Tag key={u.id} color={u.role === 'lead' ? 'red' : 'default'}>
              {t(`fw.myRole.${u.role}`)} · {u.name}
            </Tag>
          ))}
          {item.isOverdue && <Tag color="volcano">{t('fw.overdue')}</Tag>}
        </Space>
      }
      extra={
        item.dueOn && (
          <Typography.Text type="secondary">
            {t('fw.dueOn')} {item.dueOn}
          </Typography.Text>
        )
      }
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true }}>
        {item.requirement}
      </Typography.Paragraph>
      {item.evidenceRequirements.length > 0 && (
        <ul style={{ marginTop: 0 }}>
          {item.evidenceRequirements.map((e, i) => (
            <li key={i}>
              {t(`fw.evidenceKind.${e.kind}`)}：{e.description}
            </li>
          ))}
        </ul>
      )}
      <Space wrap>
        {fileKinds.map((kind) => (
          <Upload
            key={kind}
            accept={ACCEPT[kind]}
            showUploadList={false}
            beforeUpload={(file) => {
              void run(() => uploadEvidence(frameworkId, item.nodeId, kind, file, unitId));
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy} data-testid={`fw-upload-${kind}-${item.code}`}>
              {t('fw.upload', { kind: t(`fw.evidenceKind.${kind}`) })}
            </Button>
          </Upload>
        ))}
        <Button icon={<EditOutlined />} onClick={() => setNarrative('')} data-testid={`fw-narrative-${item.code}`}>
          {t('fw.writeNarrative')}
        </Button>
      </Space>
      {item.evidence.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          header={t('fw.evidence')}
          dataSource={item.evidence}
          renderItem={(e) => (
            <List.Item data-testid={`fw-evidence-${e.id}`}>
              <Space wrap>
                <EvidenceTag item={e} />
                <Tag>{t(`fw.evidenceKind.${e.kind}`)}</Tag>
                {e.file ? (
                  <a href={e.file.url} target="_blank" rel="noreferrer">
                    {e.file.originalName}
                  </a>
                ) : (
                  <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                    {e.text}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary">
                  {e.unit.name} · {new Date(e.submittedAt).toLocaleString()}
                </Typography.Text>
                {e.reviewNote && (
                  <Typography.Text type="danger">
                    {t('fw.reviewNote')}：{e.reviewNote}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={narrative !== null}
        title={t('fw.narrative')}
        onCancel={() => setNarrative(null)}
        okText={t('fw.submit')}
        okButtonProps={{ disabled: !narrative?.trim(), 'data-testid': 'fw-narrative-submit' }}
        onOk={() =>
          void run(async () => {
            await submitNarrative(frameworkId, item.nodeId, narrative!, unitId);
            setNarrative(null);
          })
        }
      >
        <Input.TextArea rows={8} value={narrative ?? ''} onChange={(e) => setNarrative(e.target.value)} data-testid="fw-narrative-text" />
      </Modal>
    </Card>
  );
}
