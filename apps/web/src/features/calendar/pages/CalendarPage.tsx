import '../i18n';
import { useState } from 'react';
import { App, Button, Card, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { ErrorState } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { getCalendarStatus, getCalendarYear, putCalendarYear, type CalendarYearEntry } from '../api';
import { MissingCalendarBanner } from '../components/MissingCalendarBanner';

const TEMPLATE: CalendarYearEntry = { notice: '', issued: '', source: '', periods: [{ name: '元旦', daysOff: [], makeUpWorkdays: [] }] };

/** The years of the working calendar, a warning for those missing, and (calendar.manage) the notice editor. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const status = useRequest((signal) => getCalendarStatus(signal), 'calendar-status');
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [text, setText] = useState('');
  const [version, setVersion] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  if (status.error) return <ErrorState error={status.error} onRetry={status.reload} />;
  const data = status.data;
  const rows = data
    ? [...new Set([...data.knownYears, ...data.missingYears.map((m) => m.year)])]
        .sort((a, b) => a - b)
        .map((y) => ({ year: y, known: data.knownYears.includes(y) }))
    : [];

  const load = async (y: number) => {
    setBusy(true);
    try {
      const answer = await getCalendarYear(y);
      setVersion(answer.version);
      setText(JSON.stringify(answer.entry ?? TEMPLATE, null, 2));
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    let entry: CalendarYearEntry;
    try {
      entry = JSON.parse(text) as CalendarYearEntry;
    } catch {
      message.error(t('cal.badJson'));
      return;
    }
    setBusy(true);
    try {
      const answer = await putCalendarYear(year, entry, version ?? 0);
      setVersion(answer.version);
      message.success(t('cal.saved'));
      status.reload();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="calendar-page">
      <Typography.Title level={4}>{t('cal.title')}</Typography.Title>
      {data ? <MissingCalendarBanner status={data} link={false} /> : null}
      {data && data.missingYears.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('cal.allKnown', { days: data.horizonDays })}</Typography.Paragraph>
      ) : null}
      <Card title={t('cal.known')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="year"
          size="small"
          loading={status.loading}
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('cal.year'), dataIndex: 'year' },
            {
              title: t('cal.status'),
              dataIndex: 'known',
              render: (known: boolean) => (known ? <Tag color="green">{t('cal.statusKnown')}</Tag> : <Tag color="orange">{t('cal.statusMissing')}</Tag>),
            },
          ]}
        />
      </Card>
      {can('calendar.manage') ? (
        <Card title={t('cal.edit')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <span>{t('cal.year')}</span>
              <InputNumber
                min={2000}
                max={2100}
                value={year}
                onChange={(v) => {
                  if (v) {
                    setYear(v);
                    setVersion(null);
                  }
                }}
                aria-label={t('cal.year')}
              />
              <Button onClick={() => void load(year)} loading={busy}>
                {t('cal.load')}
              </Button>
            </Space>
            <Typography.Text type="secondary">{t('cal.entry')}</Typography.Text>
            <Input.TextArea rows={12} value={text} onChange={(e) => setText(e.target.value)} aria-label={t('cal.entry')} style={{ fontFamily: 'monospace' }} />
            <Button type="primary" onClick={() => void save()} disabled={version === null || !text} loading={busy}>
              {t('cal.save')}
            </Button>
          </Space>
        </Card>
      ) : null}
    </div>
  );
}
