import { useState } from 'react';
import { App, Button, Modal, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError, type ImportIssue } from '../../../lib/api';
import { useShowError } from '../../../lib/feedback';
import { importUnits } from '../api';

/** Upload of the unit ledger (.xlsx); a rejected file shows every row/column problem at once. */
export function UnitImportButton({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<ImportIssue[] | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const result = await importUnits(file);
      void message.success(t('unit.importDone', result));
      onImported();
    } catch (error) {
      if (isApiError(error, 'import_failed') && error.importIssues.length) setIssues(error.importIssues);
      else showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} data-testid="unit-import">
          {t('unit.import')}
        </Button>
      </Upload>
      <Modal
        open={issues !== null}
        title={t('unit.importFailed')}
        onCancel={() => setIssues(null)}
        footer={<Button onClick={() => setIssues(null)}>{t('common.close')}</Button>}
        width={720}
      >
        <Typography.Paragraph type="secondary">{t('unit.importFailedHelp')}</Typography.Paragraph>
        <Table<ImportIssue & { key: number }>
          size="small"
          data-testid="unit-import-issues"
          dataSource={(issues ?? []).map((issue, key) => ({ ...issue, key }))}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('unit.importRow'), dataIndex: 'row', width: 80 },
            { title: t('unit.importColumn'), dataIndex: 'column', width: 140 },
            { title: t('unit.importMessage'), dataIndex: 'message' },
          ]}
        />
      </Modal>
    </>
  );
}
