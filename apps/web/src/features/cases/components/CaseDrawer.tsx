import '../i18n';
import { Button, Drawer, Grid } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CaseDetail } from '../api';
import { CaseDetailView } from './CaseDetailView';

/** A case over the list or the map; "open as a page" gives it its own URL. */
export function CaseDrawer({ caseId, onClose, onChanged }: { caseId: number | null; onClose: () => void; onChanged?: (d: CaseDetail) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer open={caseId !== null} onClose={onClose} size={screens.lg ? 880 : '100%'} destroyOnHidden title={t('case.facts')} data-testid="case-drawer">
      {caseId !== null && (
        <CaseDetailView
          caseId={caseId}
          onChanged={onChanged}
          narrow={!screens.lg}
          extra={
            <Button icon={<ExportOutlined />} onClick={() => navigate(`/cases/${caseId}`)} data-testid="case-open-page">
              {t('case.openPage')}
            </Button>
          }
        />
      )}
    </Drawer>
  );
}
