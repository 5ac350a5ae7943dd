import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Row, Select, Space, Spin, Tag, Tree, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { CRITERION_FLAGS, EVALUATION_METHODS, SITE_TYPES } from '@chuangwen/domain/framework/framework.schemas';
import type { TreeQuery } from '@chuangwen/domain/framework/framework.api';
import { useSession } from '../../auth/session';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { cloneFramework, frameworkExportUrl, getFramework, getNode, listTree, publishFramework, updateNode, type NodeDetail, type TreeNode } from '../api';
import { IllustrativeAlert } from '../components/shared';

type AntNode = { key: number; title: string; node: TreeNode; children: AntNode[] };

/** Flat list in tree order → nested antd tree data. */
export function toAntTree(items: readonly TreeNode[]): AntNode[] {
  const byId = new Map<number, AntNode>();
  const roots: AntNode[] = [];
  for (const node of items) {
    const entry: AntNode = { key: node.id, title: `${node.code} ${node.name}`, node, children: [] };
    byId.set(node.id, entry);
    const parent = node.parentId != null ? byId.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(entry);
  }
  return roots;
}

export default function FrameworkDetailPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const { can } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const [query, setQuery] = useState<TreeQuery>({});
  const [selected, setSelected] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [cloneOpen, setCloneOpen] = useState(false);
  const [cloneEdition, setCloneEdition] = useState('');

  const fw = useRequest((signal) => getFramework(id, signal), `fw-${id}`);
  const tree = useRequest((signal) => listTree(id, query, signal), `tree-${id}-${JSON.stringify(query)}`);
  const detail = useRequest((signal) => getNode(id, selected!, signal), `node-${id}-${selected}`, selected !== null);
  const items = tree.data?.items;
  const treeData = useMemo(() => toAntTree(items ?? []), [items]);
  const filtering = Object.values(query).some(Boolean);
  const allKeys = useMemo(() => (items ?? []).filter((n) => n.level !== 'criterion').map((n) => n.id), [items]);
  const areaKeys = useMemo(() => (items ?? []).filter((n) => n.level === 'area' || n.level === 'indicator').map((n) => n.id), [items]);
  const expandedKeys = filtering ? allKeys : (expanded ?? areaKeys);
  const editable = can('framework.edit') && fw.data?.status === 'draft';

  if (fw.error) return <ErrorState error={fw.error} onRetry={fw.reload} />;
  const f = fw.data;

  const publish = async () => {
    try {
      await publishFramework(id, f!.version);
      void message.success(t('fw.published'));
      fw.reload();
    } catch (error) {
      showError(error);
    }
  };
  const clone = async () => {
    try {
      const copy = await cloneFramework(id, cloneEdition);
      void message.success(t('fw.cloned'));
      setCloneOpen(false);
      navigate(`/frameworks/${copy.id}`);
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div data-testid="page-framework-detail">
      <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} className="cw-page-title" style={{ margin: 0 }}>
          {f ? `${f.name} · ${f.edition}` : '…'} {f && <Tag data-testid="fw-status">{t(`fw.status.${f.status}`)}</Tag>}
        </Typography.Title>
        <Space wrap>
          {f && (
            <Button icon={<DownloadOutlined />} href={frameworkExportUrl(id, 'xlsx')}>
              {t('fw.exportExcel')}
            </Button>
          )}
          {f && (
            <Button icon={<DownloadOutlined />} href={frameworkExportUrl(id, 'json')}>
              {t('fw.exportJson')}
            </Button>
          )}
          {editable && (
            <Popconfirm title={t('fw.publishConfirm')} onConfirm={() => void publish()}>
              <Button type="primary" icon={<SendOutlined />} data-testid="fw-publish">
                {t('fw.publish')}
              </Button>
            </Popconfirm>
          )}
          {can('framework.edit') && f && (
            <Button icon={<CopyOutlined />} onClick={() => setCloneOpen(true)}>
              {t('fw.clone')}
            </Button>
          )}
        </Space>
      </Space>
      <IllustrativeAlert show={f?.pointsAreIllustrative} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={11}>
          <Card
            size="small"
            title={
              <Space wrap>
                <Input.Search
                  allowClear
                  placeholder={t('fw.search')}
                  style={{ width: 200 }}
                  data-testid="fw-tree-search"
                  onSearch={(q) => setQuery((c) => ({ ...c, q: q || undefined }))}
                />
                <Select
                  allowClear
                  placeholder={t('fw.filterMethod')}
                  style={{ width: 120 }}
                  value={query.method}
                  onChange={(method) => setQuery((c) => ({ ...c, method }))}
                  options={EVALUATION_METHODS.map((m) => ({ value: m, label: t(`fw.method.${m}`) }))}
                />
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder={t('fw.filterSiteType')}
                  style={{ width: 140 }}
                  value={query.siteType}
                  onChange={(siteType) => setQuery((c) => ({ ...c, siteType }))}
                  options={SITE_TYPES.map((s) => ({ value: s, label: t(`fw.siteType.${s}`) }))}
                />
                <Select
                  allowClear
                  placeholder={t('fw.filterFlag')}
                  style={{ width: 110 }}
                  value={query.flag}
                  onChange={(flag) => setQuery((c) => ({ ...c, flag }))}
                  options={CRITERION_FLAGS.map((s) => ({ value: s, label: t(`fw.flag.${s}`) }))}
                />
              </Space>
            }
            extra={<Typography.Text type="secondary">{t('fw.nodes', { count: items?.length ?? 0 })}</Typography.Text>}
          >
            {tree.loading && !items ? (
              <Spin />
            ) : (
              // Virtualised: only the visible rows are rendered, so 2,000+ nodes stay responsive.
              <Tree<AntNode>
                data-testid="fw-tree"
                height={600}
                virtual
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys as number[])}
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => setSelected((keys[0] as number | undefined) ?? null)}
                titleRender={(n) => (
                  <span data-testid={`fw-node-${n.node.code}`} style={{ opacity: n.node.matched ? 1 : 0.55 }}>
                    {n.title} {n.node.points && <Tag bordered={false}>{n.node.points}</Tag>}
                    {n.node.isVeto && <Tag color="red">{t('fw.flag.isVeto')}</Tag>}
                    {n.node.isFeatured && <Tag color="gold">{t('fw.flag.isFeatured')}</Tag>}
                  </span>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card size="small" title={detail.data ? `${detail.data.code} ${detail.data.name}` : t('fw.selectNode')} data-testid="fw-node-detail">
            {selected === null ? (
              <Empty description={t('fw.selectNode')} />
            ) : detail.loading && !detail.data ? (
              <Spin />
            ) : detail.data ? (
              <NodePanel
                node={detail.data}
                editable={editable}
                onSave={async (patch) => {
                  try {
                    await updateNode(id, detail.data!.id, { version: detail.data!.version, ...patch });
                    void message.success(t('fw.saved'));
                    detail.reload();
                    tree.reload();
                    fw.reload();
                  } catch (error) {
                    showError(error);
                  }
                }}
              />
            ) : null}
          </Card>
        </Col>
      </Row>
      <Modal
        open={cloneOpen}
        title={t('fw.clone')}
        onCancel={() => setCloneOpen(false)}
        onOk={() => void clone()}
        okButtonProps={{ disabled: !cloneEdition.trim() }}
      >
        <Input placeholder={t('fw.cloneEdition')} value={cloneEdition} onChange={(e) => setCloneEdition(e.target.value)} data-testid="fw-clone-edition" />
      </Modal>
    </div>
  );
}

function NodePanel({
  node,
  editable,
  onSave,
}: {
  node: NodeDetail;
  editable: boolean;
  onSave: (patch: { name?: string; points?: string | null; requirement?: string }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const isCriterion = node.level === 'criterion';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'level', label: t('fw.statusLabel'), children: t(`fw.level.${node.level}`) },
          { key: 'points', label: t('fw.points'), children: node.points ?? '—' },
          ...(isCriterion
            ? [
                { key: 'methods', label: t('fw.methods'), children: node.methods.map((m) => <Tag key={m}>{t(`fw.method.${m}`)}</Tag>) },
                {
                  key: 'sites',
                  label: t('fw.siteTypes'),
                  children: node.siteTypes.length ? node.siteTypes.map((s) => <Tag key={s}>{t(`fw.siteType.${s}`)}</Tag>) : '—',
                },
                {
                  key: 'flags',
                  label: t('fw.flags'),
                  children: CRITERION_FLAGS.filter((f) => node[f]).map((f) => (
                    <Tag key={f} color="red">
                      {t(`fw.flag.${f}`)}
                    </Tag>
                  )),
                },
                {
                  key: 'req',
                  label: t('fw.requirement'),
                  children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{node.requirement}</Typography.Paragraph>,
                },
                {
                  key: 'evidence',
                  label: t('fw.evidenceRequirements'),
                  children: node.evidence.length ? (
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {node.evidence.map((e, i) => (
                        <li key={i}>
                          {t(`fw.evidenceKind.${e.kind}`)}：{e.description}
                          {e.maxCount ? t('fw.maxCount', { count: e.maxCount }) : ''}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  ),
                },
                {
                  key: 'resp',
                  label: t('fw.lead'),
                  children: node.responsibility
                    ? `${node.responsibility.lead.name}${node.responsibility.supporting.length ? ` / ${node.responsibility.supporting.map((s) => s.name).join('、')}` : ''}`
                    : t('fw.unassigned'),
                },
                { key: 'sa', label: t('fw.selfAssessment'), children: node.selfAssessment ? t(`fw.sa.${node.selfAssessment.status}`) : t('fw.unassessed') },
              ]
            : [{ key: 'desc', label: t('fw.description'), children: node.description ?? '—' }]),
        ]}
      />
      {editable && (
        <Card size="small" title={t('fw.editNode')}>
          <Form
            form={form}
            layout="vertical"
            key={`${node.id}-${node.version}`}
            initialValues={{ name: node.name, points: node.points ?? '', requirement: node.requirement ?? '' }}
            onFinish={(v: { name: string; points: string; requirement: string }) =>
              void onSave({
                name: v.name,
                points: v.points === '' ? (isCriterion ? undefined : null) : v.points,
                ...(isCriterion ? { requirement: v.requirement } : {}),
              })
            }
          >
            <Form.Item name="name" label={t('fw.name')} rules={[{ required: true }]}>
              <Input data-testid="fw-edit-name" />
            </Form.Item>
            <Form.Item name="points" label={t('fw.points')}>
              <Input data-testid="fw-edit-points" />
            </Form.Item>
            {isCriterion && (
              <Form.Item name="requirement" label={t('fw.requirement')}>
                <Input.TextArea rows={3} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" data-testid="fw-edit-save">
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
