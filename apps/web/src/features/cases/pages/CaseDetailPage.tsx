import '../i18n';
import { Button, Grid, Result } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { CaseDetailView } from '../components/CaseDetailView';

export default function CaseDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const id = Number(useParams().id);
  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title={t('error.loadFailed')} />;
  return (
    <div data-testid="page-case-detail">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingLeft: 0, marginBottom: 8 }}>
        {t('case.back')}
      </Button>
      <CaseDetailView caseId={id} narrow={!screens.lg} />
    </div>
  );
}
