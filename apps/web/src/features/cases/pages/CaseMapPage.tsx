import '../i18n';
import { useCallback, useState } from 'react';
import { Card, Grid, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseFilter } from '../api';
import { CaseDrawer } from '../components/CaseDrawer';
import { CaseFilters } from '../components/CaseFilters';
import { CountyMap } from '../../map/CountyMap';
import { CaseMarkers } from '../../map/CaseMarkers';

// Lazily loaded (menu table): leaflet, supercluster and the map CSS stay out of the first screen.
export default function CaseMapPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [filter, setFilter] = useState<CaseFilter>({});
  const [openId, setOpenId] = useState<number | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const onTotal = useCallback((n: number) => setTotal(n), []);

  return (
    <div data-testid="page-case-map">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.caseMap')}
        </Typography.Title>
        <Space wrap size={4}>
          {total !== null && <Typography.Text data-testid="case-map-total">{t('case.map.total', { total })}</Typography.Text>}
          <Tag color="#cf1322">{t('case.map.legendOverdue')}</Tag>
          <Tag color="#1677ff">{t('case.map.legendOffice')}</Tag>
          <Tag color="#fa8c16">{t('case.map.legendOpen')}</Tag>
          <Tag color="#8c8c8c">{t('case.map.legendClosed')}</Tag>
        </Space>
      </Space>
      <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
        <CaseFilters value={filter} onChange={setFilter} compact />
      </Card>
      <Card size="small" style={{ marginTop: 12 }} styles={{ body: { padding: 0, overflow: 'hidden' } }}>
        <CountyMap height={screens.md === false ? 'calc(100vh - 260px)' : 'calc(100vh - 250px)'} testId="case-map">
          <CaseMarkers filter={filter} onOpen={setOpenId} onTotal={onTotal} />
        </CountyMap>
      </Card>
      <CaseDrawer caseId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
