import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Input, Popconfirm, Row, Space, Spin, Tag, Tree, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Unit } from '@chuangwen/domain/units/unit.schemas';
import { useSession } from '../../auth/session';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { deleteUnit, getUnit, UNITS_EXPORT_URL } from '../api';
import { filterUnitTree, type UnitTreeNode } from '../tree';
import { useUnitTree } from '../useUnitTree';
import { UnitFormModal, type UnitFormTarget } from '../components/UnitFormModal';
import { UnitImportButton } from '../components/UnitImportButton';
import { UnitKindTag } from '../components/UnitKindTag';

type AntTreeNode = { key: number; title: string; unit: Unit; children: AntTreeNode[] };

function toAntTree(nodes: readonly UnitTreeNode[]): AntTreeNode[] {
  return nodes.map((n) => ({ key: n.key, title: n.unit.name, unit: n.unit, children: toAntTree(n.children) }));
}

export default function UnitsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canManage = can('unit.manage');
  const units = useUnitTree();
  const [query, setQuery] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [formTarget, setFormTarget] = useState<UnitFormTarget | null>(null);

  const filtered = useMemo(() => filterUnitTree(units.tree, query), [units.tree, query]);
  const treeData = useMemo(() => toAntTree(filtered.tree), [filtered.tree]);
  // Default: the first two levels open; a search opens the path to every match.
  const defaultExpanded = useMemo(() => units.units.filter((u) => units.tree.some((r) => r.key === u.id)).map((u) => u.id), [units.units, units.tree]);
  const expandedKeys = query.trim() ? filtered.expandedKeys : (expanded ?? defaultExpanded);

  const detail = useRequest((signal) => getUnit(selectedId!, signal), `unit-${selectedId}`, selectedId !== null);

  const reloadAll = () => {
    units.reload();
    detail.reload();
  };

  return (
    <div data-testid="page-units">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.units')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={
              <Input.Search
                allowClear
                placeholder={t('unit.searchPlaceholder')}
                onChange={(e) => setQuery(e.target.value)}
                onSearch={setQuery}
                data-testid="unit-search"
              />
            }
            extra={<Button type="text" icon={<ReloadOutlined />} onClick={reloadAll} aria-label={t('common.reload')} />}
          >
            <Space wrap style={{ marginBottom: 12 }}>
              {canManage && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', parent: null })} data-testid="unit-create-root">
                  {t('unit.createRoot')}
                </Button>
              )}
              <Button icon={<DownloadOutlined />} href={UNITS_EXPORT_URL} download data-testid="unit-export">
                {t('unit.export')}
              </Button>
              {canManage && <UnitImportButton onImported={reloadAll} />}
            </Space>
            {units.error ? (
              <ErrorState error={units.error} onRetry={units.reload} />
            ) : units.loading && !units.units.length ? (
              <div style={{ padding: 32, textAlign: 'center' }}>
                <Spin />
              </div>
            ) : treeData.length === 0 ? (
              <Empty description={query ? t('unit.noMatch') : t('unit.empty')} />
            ) : (
              <Tree<AntTreeNode>
                data-testid="unit-tree"
                treeData={treeData}
                height={560}
                blockNode
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys as number[])}
                selectedKeys={selectedId === null ? [] : [selectedId]}
                onSelect={(keys) => setSelectedId((keys[0] as number | undefined) ?? null)}
                titleRender={(node) => (
                  <span data-testid={`unit-node-${node.unit.code}`} style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
                    <span style={{ opacity: node.unit.isActive ? 1 : 0.45 }}>{node.unit.name}</span>
                    <UnitKindTag kind={node.unit.kind} />
                  </span>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('unit.detail')} data-testid="unit-detail">
            {selectedId === null ? (
              <Empty description={t('unit.selectHint')} />
            ) : detail.error ? (
              <ErrorState error={detail.error} onRetry={detail.reload} />
            ) : !detail.data || detail.loading ? (
              <div style={{ padding: 32, textAlign: 'center' }}>
                <Spin />
              </div>
            ) : (
              <UnitDetailPanel
                unit={detail.data}
                parentName={detail.data.parentId ? (units.byId.get(detail.data.parentId)?.name ?? '—') : '—'}
                canManage={canManage}
                onCreateChild={() => setFormTarget({ mode: 'create', parent: detail.data! })}
                onEdit={() => setFormTarget({ mode: 'edit', unit: detail.data! })}
                onDeleted={() => {
                  setSelectedId(null);
                  units.reload();
                }}
              />
            )}
          </Card>
        </Col>
      </Row>
      {formTarget && (
        <UnitFormModal
          target={formTarget}
          tree={units.tree}
          selectData={units.selectData}
          byId={units.byId}
          onClose={() => setFormTarget(null)}
          onConflict={() => {
            // Stale version: drop the form and show the current data; the user edits again.
            setFormTarget(null);
            reloadAll();
          }}
          onSaved={(saved) => {
            setFormTarget(null);
            setSelectedId(saved.id);
            if (saved.parentId !== null) setExpanded((keys) => [...new Set([...(keys ?? defaultExpanded), saved.parentId!])]);
            reloadAll();
          }}
        />
      )}
    </div>
  );
}

type DetailProps = {
  unit: Unit & { geometry: unknown };
  parentName: string;
  canManage: boolean;
  onCreateChild: () => void;
  onEdit: () => void;
  onDeleted: () => void;
};

function UnitDetailPanel({ unit, parentName, canManage, onCreateChild, onEdit, onDeleted }: DetailProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [deleting, setDeleting] = useState(false);

  const onDelete = async () => {
    setDeleting(true);
    try {
      await deleteUnit(unit.id);
      void message.success(t('unit.deleted'));
      onDeleted();
    } catch (error) {
      showError(error);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
        <Descriptions.Item label={t('unit.name')} span={2}>
          <span data-testid="unit-detail-name">{unit.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('unit.shortName')}>{unit.shortName || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('unit.code')}>{unit.code}</Descriptions.Item>
        <Descriptions.Item label={t('unit.kindLabel')}>
          <UnitKindTag kind={unit.kind} />
        </Descriptions.Item>
        <Descriptions.Item label={t('unit.parent')}>{parentName}</Descriptions.Item>
        <Descriptions.Item label={t('unit.sortOrder')}>{unit.sortOrder}</Descriptions.Item>
        <Descriptions.Item label={t('unit.isActive')}>
          {unit.isActive ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('unit.geometry')} span={2}>
          {unit.hasGeometry ? t('unit.hasGeometry') : t('unit.noGeometry')}
        </Descriptions.Item>
      </Descriptions>
      {canManage && (
        <Space wrap style={{ marginTop: 16 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreateChild} data-testid="unit-create-child">
            {t('unit.createChild')}
          </Button>
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="unit-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('unit.deleteConfirm', { name: unit.name })}
            description={t('unit.deleteHelp')}
            onConfirm={() => void onDelete()}
            okButtonProps={{ danger: true }}
          >
            <Button danger icon={<DeleteOutlined />} loading={deleting} data-testid="unit-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </>
  );
}
