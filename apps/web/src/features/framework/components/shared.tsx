import { formatRate } from '@chuangwen/domain/common/percent';
import { useMemo, useState } from 'react';
import { Alert, App, Button, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../../lib/api';
import { useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { listUnits } from '../../units/api';
import { listFrameworks, type FrameworkSummary } from '../api';

export type ImportProblem = { row: number; column: string; message: string; sheet?: string };
export type ImportFailure = { issues: ImportProblem[]; reportUrl: string | null };

/** An import error's row/column list and the link to its Excel error report. */
export function importFailureOf(error: unknown): ImportFailure | null {
  if (!isApiError(error, 'import_failed')) return null;
  const issues = (Array.isArray(error.details) ? error.details : []) as ImportProblem[];
  return { issues, reportUrl: error.reportUrl };
}

export function ImportIssuesModal({ failure, onClose }: { failure: ImportFailure | null; onClose: () => void }) {
  const { t } = useTranslation();
  const hasSheet = failure?.issues.some((i) => i.sheet);
  return (
    <Modal open={failure !== null} title={t('fw.importFailed')} onCancel={onClose} width={760} footer={<Button onClick={onClose}>{t('common.close')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('fw.importFailedHelp')}</Typography.Text>
        {failure?.reportUrl && (
          <a href={failure.reportUrl} data-testid="fw-error-report">
            {t('fw.errorReport')}
          </a>
        )}
        <Table<ImportProblem & { key: number }>
          size="small"
          data-testid="fw-import-issues"
          dataSource={(failure?.issues ?? []).map((issue, key) => ({ ...issue, key }))}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          columns={[
            ...(hasSheet ? [{ title: t('fw.sheet'), dataIndex: 'sheet', width: 100 }] : []),
            { title: t('fw.row'), dataIndex: 'row', width: 70 },
            { title: t('fw.column'), dataIndex: 'column', width: 120 },
            { title: t('fw.problem'), dataIndex: 'message' },
          ]}
        />
      </Space>
    </Modal>
  );
}

/** An .xlsx (or .json) upload button that shows the import problems when the server refuses the file. */
export function ImportButton({
  label,
  accept,
  upload,
  onDone,
  testId,
}: {
  label: string;
  accept: string;
  upload: (file: File) => Promise<unknown>;
  onDone: (result: unknown) => void;
  testId: string;
}) {
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const run = async (file: File) => {
    setBusy(true);
    try {
      onDone(await upload(file));
    } catch (error) {
      const f = importFailureOf(error);
      if (f) setFailure(f);
      else showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Upload
        accept={accept}
        showUploadList={false}
        beforeUpload={(file) => {
          void run(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} data-testid={testId}>
          {label}
        </Button>
      </Upload>
      <ImportIssuesModal failure={failure} onClose={() => setFailure(null)} />
    </>
  );
}

/** The framework a page works on: `?framework=` or else the published one (else the newest). */
export function useFrameworkChoice() {
  const [params, setParams] = useSearchParams();
  const list = useRequest((signal) => listFrameworks(signal), 'frameworks');
  const frameworks = list.data?.items ?? [];
  const wanted = Number(params.get('framework'));
  const current: FrameworkSummary | undefined = frameworks.find((f) => f.id === wanted) ?? frameworks.find((f) => f.status === 'published') ?? frameworks[0];
  const choose = (id: number) =>
    setParams((p) => {
      p.set('framework', String(id));
      return p;
    });
  return { frameworks, current, choose, loading: list.loading, error: list.error, reload: list.reload };
}

export function FrameworkPicker({ choice }: { choice: ReturnType<typeof useFrameworkChoice> }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Select
        style={{ minWidth: 320 }}
        value={choice.current?.id}
        onChange={choice.choose}
        data-testid="fw-picker"
        options={choice.frameworks.map((f) => ({ value: f.id, label: `${f.name} · ${f.edition} · ${t(`fw.status.${f.status}`)}` }))}
        placeholder={t('fw.pick')}
      />
      {choice.current?.pointsAreIllustrative && <IllustrativeTag />}
    </Space>
  );
}

export function IllustrativeTag() {
  const { t } = useTranslation();
  return (
    <Tag color="orange" title={t('fw.illustrativeHelp')}>
      {t('fw.illustrative')}
    </Tag>
  );
}

export function IllustrativeAlert({ show }: { show: boolean | undefined }) {
  const { t } = useTranslation();
  return show ? <Alert type="warning" showIcon message={t('fw.illustrativeHelp')} style={{ marginBottom: 12 }} /> : null;
}

/** Units for pickers (the office sees the whole county). */
export function useUnitOptions() {
  const units = useRequest((signal) => listUnits({}, signal), 'units-all');
  return useMemo(
    () => (units.data?.items ?? []).filter((u) => u.kind !== 'grid' && u.kind !== 'district').map((u) => ({ value: u.id, label: u.name })),
    [units.data],
  );
}

/** The one rate formatter (common/percent.ts), under the name the framework pages use. */
export const percent = formatRate;

export function useNotify() {
  const { message } = App.useApp();
  return message;
}
