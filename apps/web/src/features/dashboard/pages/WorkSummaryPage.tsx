import '../i18n';
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Input, Space, Tabs, Typography } from 'antd';
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../lib/feedback';
import { startOfDayIso } from '../../../lib/time';
import { downloadSummary, getSummaryDraft, type SummaryDraft, type SummarySection } from '../api';
import { useSession } from '../../auth/session';
import { SummaryTemplateEditor } from '../../templates/components/SummaryTemplateEditor';

/** 工作总结: build and download (the office's template filled with the period's figures), and the template itself. */
export default function WorkSummaryPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const canViewTemplate = me?.permissions.includes('template.view') ?? false;
  const canBuild = me?.permissions.includes('report.export') ?? false;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('summary.title')}
      </Typography.Title>
      <Tabs
        items={[
          ...(canBuild ? [{ key: 'draft', label: t('tpl.tab.draft'), children: <SummaryDraftTab /> }] : []),
          ...(canViewTemplate
            ? [{ key: 'template', label: <span data-testid="tpl-tab">{t('tpl.tab.template')}</span>, children: <SummaryTemplateEditor /> }]
            : []),
        ]}
      />
    </Space>
  );
}

/** The office's template filled with the period's figures; the office edits the text, then downloads Word. */
function SummaryDraftTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [draft, setDraft] = useState<SummaryDraft | null>(null);
  const [title, setTitle] = useState('');
  const [sections, setSections] = useState<SummarySection[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const period = { from: startOfDayIso(range[0]), to: startOfDayIso(range[1].add(1, 'day')) };

  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = await getSummaryDraft(period);
      setDraft(d);
      setTitle(d.title);
      setSections(d.sections);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    if (!draft) return;
    setBusy(true);
    try {
      await downloadSummary({ from: draft.from, to: draft.to, title, sections });
      void message.success(t('summary.downloaded'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const edit = (i: number, patch: Partial<SummarySection>) => setSections((list) => list.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <Space wrap>
        <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Button icon={<FileTextOutlined />} onClick={() => void load()} loading={busy && !draft}>
          {t('summary.load')}
        </Button>
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          disabled={!draft}
          loading={busy && !!draft}
          onClick={() => void download()}
          data-testid="summary-download"
        >
          {t('summary.download')}
        </Button>
      </Space>
      <Alert type="info" showIcon message={t('summary.help')} />
      {error ? <ErrorState error={error} onRetry={() => void load()} /> : null}
      {draft && (
        <Card data-testid="summary-draft">
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Input value={title} onChange={(e) => setTitle(e.target.value)} aria-label={t('summary.docTitle')} style={{ fontSize: 18, fontWeight: 600 }} />
            {sections.map((s, i) => (
              <div key={s.key ?? i}>
                <Input
                  value={s.heading}
                  onChange={(e) => edit(i, { heading: e.target.value })}
                  aria-label={t('summary.heading')}
                  variant="borderless"
                  style={{ fontWeight: 600, paddingLeft: 0 }}
                />
                <Input.TextArea
                  value={s.text}
                  onChange={(e) => edit(i, { text: e.target.value })}
                  autoSize={{ minRows: 2 }}
                  data-testid={`summary-section-${s.key ?? i}`}
                />
              </div>
            ))}
            <Typography.Text type="secondary">{t('summary.tableNote', { count: draft.table.length })}</Typography.Text>
            {draft.tableNote && (
              <Typography.Text type="secondary" data-testid="summary-list-rule">
                {draft.tableNote}
              </Typography.Text>
            )}
          </Space>
        </Card>
      )}
    </Space>
  );
}
