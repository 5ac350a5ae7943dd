import '../i18n';
import { useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Drawer, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, HistoryOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  SUMMARY_PLACEHOLDERS,
  SUMMARY_REQUIREMENTS,
  TEMPLATE_LIMITS,
  describeTemplateIssue,
  renderSummaryTemplate,
  validateSummaryTemplate,
  type SummaryRequirement,
} from '@chuangwen/domain/templates/summary.template';
import { ErrorState, PageLoading, errorText } from '../../../lib/feedback';
import { currentLanguage } from '../../../lib/i18n';
import { formatDateTime, startOfDayIso } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { ApiError } from '../../../lib/api';
import { useSession } from '../../auth/session';
import {
  getSummaryFigures,
  getSummaryTemplate,
  getSummaryTemplateVersion,
  listSummaryTemplateVersions,
  restoreSummaryTemplateVersion,
  saveSummaryTemplate,
  type EditableSection,
  type StoredTemplate,
  type TemplateFigures,
} from '../api';

type Field = 'heading' | 'text' | 'fallback';
/** Where the office last typed: placeholders are inserted there. */
type Caret = { path: 'title' | `sections.${number}.${Field}`; pos: number };

const newKey = () => `custom-${Math.random().toString(36).slice(2, 10)}`;
const clean = (sections: EditableSection[]): EditableSection[] =>
  sections.map((s) => ({
    key: s.key,
    heading: s.heading,
    text: s.text,
    ...(s.requires?.length ? { requires: s.requires } : {}),
    ...(s.fallback ? { fallback: s.fallback } : {}),
  }));

/**
 * The office's work-summary template: title and sections (heading, text, fallback, needed figures),
 * reorder, add, remove; the placeholders with their meaning and this period's values; a live
 * preview filled with the period's real figures; history and restore. Read-only without template.edit.
 */
export function SummaryTemplateEditor() {
  const { me } = useSession();
  const canEdit = me?.permissions.includes('template.edit') ?? false;
  const [tick, setTick] = useState(0);
  const stored = useRequest((s) => getSummaryTemplate(s), String(tick));
  if (stored.error) return <ErrorState error={stored.error} onRetry={stored.reload} />;
  if (!stored.data) return <PageLoading />;
  // Remount the form on each newly stored version: the fields start from what was saved.
  return <Editor key={stored.data.version} stored={stored.data} canEdit={canEdit} onStored={() => setTick((n) => n + 1)} />;
}

function Editor({ stored, canEdit, onStored }: { stored: StoredTemplate; canEdit: boolean; onStored: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = currentLanguage();
  const [title, setTitle] = useState(stored.title);
  const [sections, setSections] = useState<EditableSection[]>(stored.sections);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const caret = useRef<Caret | null>(null);
  const period = { from: startOfDayIso(range[0]), to: startOfDayIso(range[1].add(1, 'day')) };
  const figures = useRequest((s) => getSummaryFigures(period, s), `${period.from}|${period.to}`);

  const template = useMemo(() => ({ title, sections: clean(sections) }), [title, sections]);
  const dirty = JSON.stringify(template) !== JSON.stringify({ title: stored.title, sections: clean(stored.sections) });
  const issues = useMemo(() => {
    const found = validateSummaryTemplate(template).map((i) => ({ path: i.path, message: describeTemplateIssue(i, locale) }));
    if (!title.trim()) found.push({ path: 'title', message: t('tpl.required') });
    sections.forEach((s, i) => {
      if (!s.text.trim()) found.push({ path: `sections.${i}.text`, message: t('tpl.required') });
    });
    return found;
  }, [template, title, sections, locale, t]);
  const issuesAt = (path: string) => issues.filter((i) => i.path === path).map((i) => i.message);

  const edit = (i: number, patch: Partial<EditableSection>) => setSections((list) => list.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) =>
    setSections((list) => {
      const next = [...list];
      const [s] = next.splice(i, 1);
      next.splice(i + by, 0, s!);
      return next;
    });
  const remember = (path: Caret['path'], e: SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    caret.current = { path, pos: e.currentTarget.selectionStart ?? e.currentTarget.value.length };
  };
  const insert = (name: string) => {
    const at = caret.current ?? { path: `sections.${Math.max(0, sections.length - 1)}.text` as const, pos: Number.MAX_SAFE_INTEGER };
    const token = `{${name}}`;
    const splice = (value: string) => {
      const pos = Math.min(at.pos, value.length);
      caret.current = { path: at.path, pos: pos + token.length };
      return value.slice(0, pos) + token + value.slice(pos);
    };
    if (at.path === 'title') setTitle(splice);
    else {
      const [, index, field] = at.path.split('.') as [string, string, Field];
      setSections((list) => list.map((s, j) => (j === Number(index) ? { ...s, [field]: splice(s[field] ?? '') } : s)));
    }
  };

  const save = async () => {
    setBusy(true);
    try {
      const saved = await saveSummaryTemplate({ baseVersion: stored.version, ...template, ...(note.trim() ? { note: note.trim() } : {}) });
      void message.success(t('tpl.saved', { version: saved.version }));
      onStored();
    } catch (e) {
      const lines = e instanceof ApiError ? e.fieldIssues.map((i) => i.message) : [];
      void message.error(lines.length ? lines.join('；') : errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const requirementLabel = (r: SummaryRequirement) => t(`tpl.requires.${r}`);
  const fieldError = (path: string) => {
    const list = issuesAt(path);
    return list.length
      ? {
          status: 'error' as const,
          help: (
            <div data-testid={`tpl-issue-${path}`}>
              {list.map((m) => (
                <div key={m}>{m}</div>
              ))}
            </div>
          ),
        }
      : { status: undefined, help: null };
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="template-editor">
      <Alert type="info" showIcon message={t('tpl.intro')} />
      {!canEdit && <Alert type="warning" showIcon message={t('tpl.readOnly')} />}
      <Space wrap>
        <Tag color="blue" data-testid="tpl-version">
          {t('tpl.version', { version: stored.version })}
        </Tag>
        <Typography.Text type="secondary">
          {stored.createdByName ? t('tpl.versionBy', { name: stored.createdByName, at: formatDateTime(stored.createdAt) }) : t('tpl.versionDefault')}
        </Typography.Text>
        {dirty && <Tag color="orange">{t('tpl.unsaved')}</Tag>}
        <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)} data-testid="tpl-history">
          {t('tpl.history')}
        </Button>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small">
              <Typography.Text strong>{t('tpl.docTitle')}</Typography.Text>
              <Input
                value={title}
                disabled={!canEdit}
                maxLength={TEMPLATE_LIMITS.title}
                aria-label={t('tpl.docTitle')}
                data-testid="tpl-title"
                status={fieldError('title').status}
                onChange={(e) => {
                  setTitle(e.target.value);
                  remember('title', e);
                }}
                onSelect={(e) => remember('title', e)}
              />
              {fieldError('title').help}
            </Card>
            {sections.map((s, i) => (
              <Card
                key={s.key}
                size="small"
                data-testid={`tpl-section-${s.key}`}
                title={t('tpl.section', { n: i + 1 })}
                extra={
                  canEdit && (
                    <Space size={4}>
                      <Tooltip title={t('tpl.moveUp')}>
                        <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('tpl.moveUp')} />
                      </Tooltip>
                      <Tooltip title={t('tpl.moveDown')}>
                        <Button
                          size="small"
                          icon={<ArrowDownOutlined />}
                          disabled={i === sections.length - 1}
                          onClick={() => move(i, 1)}
                          aria-label={t('tpl.moveDown')}
                        />
                      </Tooltip>
                      <Tooltip title={t('tpl.remove')}>
                        <Button
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          disabled={sections.length === 1}
                          aria-label={t('tpl.remove')}
                          onClick={() => setSections((list) => list.filter((_, j) => j !== i))}
                        />
                      </Tooltip>
                    </Space>
                  )
                }
              >
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t('tpl.heading')}</Typography.Text>
                  <Input
                    value={s.heading}
                    disabled={!canEdit}
                    maxLength={TEMPLATE_LIMITS.heading}
                    aria-label={t('tpl.heading')}
                    data-testid={`tpl-heading-${s.key}`}
                    status={fieldError(`sections.${i}.heading`).status}
                    onChange={(e) => {
                      edit(i, { heading: e.target.value });
                      remember(`sections.${i}.heading`, e);
                    }}
                    onSelect={(e) => remember(`sections.${i}.heading`, e)}
                  />
                  {fieldError(`sections.${i}.heading`).help}
                  <Typography.Text type="secondary">{t('tpl.text')}</Typography.Text>
                  <Input.TextArea
                    value={s.text}
                    disabled={!canEdit}
                    maxLength={TEMPLATE_LIMITS.text}
                    autoSize={{ minRows: 2 }}
                    aria-label={t('tpl.text')}
                    data-testid={`tpl-text-${s.key}`}
                    status={fieldError(`sections.${i}.text`).status}
                    onChange={(e) => {
                      edit(i, { text: e.target.value });
                      remember(`sections.${i}.text`, e);
                    }}
                    onSelect={(e) => remember(`sections.${i}.text`, e)}
                  />
                  {fieldError(`sections.${i}.text`).help}
                  <Space wrap align="center">
                    <Typography.Text type="secondary">{t('tpl.requires')}</Typography.Text>
                    <Select
                      mode="multiple"
                      allowClear
                      disabled={!canEdit}
                      style={{ minWidth: 240 }}
                      value={s.requires ?? []}
                      aria-label={t('tpl.requires')}
                      onChange={(v: SummaryRequirement[]) => edit(i, { requires: v })}
                      options={SUMMARY_REQUIREMENTS.map((r) => ({ value: r, label: requirementLabel(r) }))}
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('tpl.requiresHelp')}
                    </Typography.Text>
                  </Space>
                  {(s.requires?.length ?? 0) > 0 && (
                    <>
                      <Typography.Text type="secondary">
                        {t('tpl.fallback')}（{t('tpl.fallbackHelp')}）
                      </Typography.Text>
                      <Input.TextArea
                        value={s.fallback ?? ''}
                        disabled={!canEdit}
                        maxLength={TEMPLATE_LIMITS.text}
                        autoSize={{ minRows: 1 }}
                        aria-label={t('tpl.fallback')}
                        status={fieldError(`sections.${i}.fallback`).status}
                        onChange={(e) => {
                          edit(i, { fallback: e.target.value });
                          remember(`sections.${i}.fallback`, e);
                        }}
                        onSelect={(e) => remember(`sections.${i}.fallback`, e)}
                      />
                      {fieldError(`sections.${i}.fallback`).help}
                    </>
                  )}
                </Space>
              </Card>
            ))}
            {canEdit && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Button
                  icon={<PlusOutlined />}
                  block
                  type="dashed"
                  disabled={sections.length >= TEMPLATE_LIMITS.sections}
                  data-testid="tpl-add"
                  onClick={() => setSections((list) => [...list, { key: newKey(), heading: t('tpl.newHeading'), text: t('tpl.newText') }])}
                >
                  {t('tpl.add')}
                </Button>
                {issues.length > 0 && <Alert type="error" showIcon message={t('tpl.invalid', { count: issues.length })} data-testid="tpl-invalid" />}
                <Space wrap>
                  <Input
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                    maxLength={200}
                    placeholder={t('tpl.note')}
                    aria-label={t('tpl.note')}
                    style={{ width: 320 }}
                  />
                  <Button
                    type="primary"
                    icon={<SaveOutlined />}
                    disabled={!dirty || issues.length > 0}
                    loading={busy}
                    onClick={() => void save()}
                    data-testid="tpl-save"
                  >
                    {t('tpl.save')}
                  </Button>
                  <Button
                    icon={<UndoOutlined />}
                    disabled={!dirty}
                    onClick={() => {
                      setTitle(stored.title);
                      setSections(stored.sections);
                    }}
                  >
                    {t('tpl.reset')}
                  </Button>
                </Space>
              </Space>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text>{t('tpl.previewPeriod')}</Typography.Text>
              <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
            </Space>
            {figures.error ? <ErrorState error={figures.error} onRetry={figures.reload} /> : null}
            <Preview template={template} figures={figures.data} />
            <Placeholders figures={figures.data} canEdit={canEdit} onInsert={insert} />
          </Space>
        </Col>
      </Row>
      {historyOpen && <History stored={stored} canEdit={canEdit} onClose={() => setHistoryOpen(false)} onRestored={onStored} />}
    </Space>
  );
}

function Preview({ template, figures }: { template: { title: string; sections: EditableSection[] }; figures: TemplateFigures | undefined }) {
  const { t } = useTranslation();
  if (!figures) return <Card size="small" loading />;
  const doc = renderSummaryTemplate(template, figures.values, figures.available);
  return (
    <Card size="small" title={t('tpl.preview', { period: figures.values.periodLabel })} data-testid="tpl-preview">
      <Typography.Title level={5} style={{ textAlign: 'center' }} data-testid="tpl-preview-title">
        {doc.title}
      </Typography.Title>
      {doc.sections.map((s) => (
        <div key={s.key} data-testid={`tpl-preview-${s.key}`}>
          {s.heading.trim() && (
            <Typography.Paragraph strong style={{ marginBottom: 4 }}>
              {s.heading}
            </Typography.Paragraph>
          )}
          {s.text
            .split(/\n+/)
            .filter((l) => l.trim())
            .map((line, i) => (
              <Typography.Paragraph key={i} style={{ textIndent: '2em' }}>
                {line}
              </Typography.Paragraph>
            ))}
        </div>
      ))}
      <Typography.Text type="secondary">{t('tpl.previewTable', { count: figures.tableRows })}</Typography.Text>
    </Card>
  );
}

function Placeholders({ figures, canEdit, onInsert }: { figures: TemplateFigures | undefined; canEdit: boolean; onInsert: (name: string) => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <Card size="small" title={t('tpl.placeholders')} data-testid="tpl-placeholders">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('tpl.placeholdersHelp')}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        dataSource={[...SUMMARY_PLACEHOLDERS]}
        columns={[
          {
            title: '{…}',
            dataIndex: 'name',
            width: 150,
            render: (name: string) =>
              canEdit ? (
                <Button
                  size="small"
                  type="link"
                  style={{ padding: 0 }}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => onInsert(name)}
                  title={t('tpl.insert')}
                  data-testid={`tpl-ph-${name}`}
                >
                  <Typography.Text code>{`{${name}}`}</Typography.Text>
                </Button>
              ) : (
                <Typography.Text code>{`{${name}}`}</Typography.Text>
              ),
          },
          {
            title: t('tpl.meaning'),
            key: 'label',
            render: (_v, p) => (
              <>
                <div>{p.label[locale]}</div>
                {'needs' in p && p.needs && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tpl.needs', { what: t(`tpl.requires.${p.needs}`) })}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: '=',
            key: 'value',
            width: 140,
            render: (_v, p) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: true }} style={{ maxWidth: 130 }}>
                {figures?.values[p.name] || '—'}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}

function History({ stored, canEdit, onClose, onRestored }: { stored: StoredTemplate; canEdit: boolean; onClose: () => void; onRestored: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useRequest((s) => listSummaryTemplateVersions(s), String(stored.version));
  const [viewing, setViewing] = useState<number | null>(null);
  const version = useRequest((s) => getSummaryTemplateVersion(viewing!, s), String(viewing), viewing !== null);
  const restore = async (v: number) => {
    try {
      const saved = await restoreSummaryTemplateVersion(v, stored.version);
      void message.success(t('tpl.history.restored', { version: saved.version }));
      onClose();
      onRestored();
    } catch (e) {
      void message.error(errorText(e, t));
    }
  };
  return (
    <Drawer open size="large" title={t('tpl.history')} onClose={onClose} data-testid="tpl-history-drawer">
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      <Table
        size="small"
        rowKey="version"
        loading={list.loading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        columns={[
          {
            title: t('tpl.history.version'),
            dataIndex: 'version',
            width: 90,
            render: (v: number) => (
              <Space size={4}>
                {v}
                {v === list.data?.activeVersion && <Tag color="blue">{t('tpl.history.active')}</Tag>}
              </Space>
            ),
          },
          { title: t('tpl.history.at'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
          { title: t('tpl.history.by'), dataIndex: 'createdByName', width: 100, render: (v: string | null) => v ?? t('tpl.versionDefault') },
          {
            title: t('tpl.history.note'),
            key: 'note',
            render: (_v, r) => (
              <>
                {r.note}
                {r.restoredFrom !== null && <Tag style={{ marginLeft: 4 }}>{t('tpl.history.restoredFrom', { version: r.restoredFrom })}</Tag>}
              </>
            ),
          },
          {
            key: 'actions',
            width: 140,
            render: (_v, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => setViewing(r.version)}>
                  {t('tpl.history.view')}
                </Button>
                {canEdit && r.version !== list.data?.activeVersion && (
                  <Popconfirm title={t('tpl.history.restoreConfirm', { version: r.version })} onConfirm={() => void restore(r.version)}>
                    <Button size="small" data-testid={`tpl-restore-${r.version}`}>
                      {t('tpl.history.restore')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={viewing !== null}
        footer={null}
        width={720}
        onCancel={() => setViewing(null)}
        title={`${t('tpl.history.version')} ${viewing ?? ''}`}
        destroyOnHidden
      >
        {version.data && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Title level={5}>{version.data.title}</Typography.Title>
            {version.data.sections.map((s) => (
              <div key={s.key}>
                <Typography.Text strong>{s.heading}</Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{s.text}</Typography.Paragraph>
                {s.fallback && (
                  <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                    {t('tpl.fallback')}：{s.fallback}
                  </Typography.Paragraph>
                )}
              </div>
            ))}
          </Space>
        )}
      </Modal>
    </Drawer>
  );
}
