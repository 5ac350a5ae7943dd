import { useEffect, useMemo, useState } from 'react';
import { Form, Input, InputNumber, Modal, Select, Switch, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { UNIT_KINDS, canHaveParent, type UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { polygonGeometry, unitCreateInput, unitUpdateInput, type Unit } from '@chuangwen/domain/units/unit.schemas';
import { isApiError } from '../../../lib/api';
import { applyApiErrorToForm, applyZodIssues } from '../../../lib/forms';
import { useShowError } from '../../../lib/feedback';
import { createUnit, updateUnit, type UnitDetail } from '../api';
import { subtreeIds, type UnitTreeNode, type UnitTreeSelectNode } from '../tree';

type FormValues = {
  parentId: number | null;
  kind: UnitKind;
  name: string;
  shortName?: string;
  code: string;
  sortOrder: number;
  isActive: boolean;
  geometry?: string;
};

const FIELDS = ['parentId', 'kind', 'name', 'shortName', 'code', 'sortOrder', 'isActive', 'geometry'] as const;

export type UnitFormTarget = { mode: 'create'; parent: Unit | null } | { mode: 'edit'; unit: UnitDetail };

type Props = {
  target: UnitFormTarget;
  tree: UnitTreeNode[];
  selectData: UnitTreeSelectNode[];
  byId: Map<number, Unit>;
  onSaved: (unit: Unit) => void;
  onClose: () => void;
  onConflict: () => void;
};

/** Parses the GeoJSON textarea: null when empty, else the polygon or an i18n error key. */
export function parseGeometryText(text: string | undefined): { value: unknown } | { error: string } {
  if (!text || !text.trim()) return { value: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'unit.geometryNotJson' };
  }
  // Accept a GeoJSON Feature too, as GIS tools export them; the API wants the bare geometry.
  if (json && typeof json === 'object' && (json as { type?: unknown }).type === 'Feature') {
    json = (json as { geometry?: unknown }).geometry;
  }
  const result = polygonGeometry.safeParse(json);
  return result.success ? { value: result.data } : { error: 'unit.geometryInvalid' };
}

export function UnitFormModal({ target, tree, selectData, byId, onSaved, onClose, onConflict }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const showError = useShowError();
  const editing = target.mode === 'edit' ? target.unit : null;
  const parentId = Form.useWatch('parentId', form);

  const initialValues = useMemo<FormValues>(() => {
    if (editing) {
      return {
        parentId: editing.parentId,
        kind: editing.kind,
        name: editing.name,
        shortName: editing.shortName ?? '',
        code: editing.code,
        sortOrder: editing.sortOrder,
        isActive: editing.isActive,
        geometry: editing.geometry ? JSON.stringify(editing.geometry, null, 2) : '',
      };
    }
    const parent = target.mode === 'create' ? target.parent : null;
    const firstKind = UNIT_KINDS.find((k) => canHaveParent(k, parent?.kind ?? null)) ?? 'district';
    return { parentId: parent?.id ?? null, kind: firstKind, name: '', shortName: '', code: '', sortOrder: 0, isActive: true, geometry: '' };
  }, [editing, target]);

  useEffect(() => form.setFieldsValue(initialValues), [form, initialValues]);

  // A unit cannot move below itself; kinds follow the parent's kind.
  const blocked = useMemo(() => (editing ? subtreeIds(tree, editing.id) : new Set<number>()), [editing, tree]);
  const parentOptions = useMemo(() => {
    const mark = (nodes: UnitTreeSelectNode[]): (UnitTreeSelectNode & { disabled?: boolean })[] =>
      nodes.map((n) => ({ ...n, disabled: blocked.has(n.value), children: mark(n.children) }));
    return mark(selectData);
  }, [selectData, blocked]);
  const parentKind = parentId == null ? null : (byId.get(parentId)?.kind ?? null);
  const kindOptions = UNIT_KINDS.filter((k) => canHaveParent(k, parentKind)).map((k) => ({ value: k, label: t(`unit.kind.${k}`) }));

  const onOk = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const geometry = parseGeometryText(values.geometry);
    if ('error' in geometry) return; // the field rule already shows it
    const common = {
      parentId: values.parentId ?? null,
      kind: values.kind,
      name: values.name,
      shortName: values.shortName?.trim() ? values.shortName.trim() : null,
      code: values.code,
      sortOrder: values.sortOrder ?? 0,
      geometry: geometry.value,
    };
    setSaving(true);
    try {
      let saved: Unit;
      if (editing) {
        const body = { ...common, version: editing.version, isActive: values.isActive };
        const parsed = unitUpdateInput.safeParse(body);
        if (!applyZodIssues(form, parsed, t) || !parsed.success) return;
        saved = await updateUnit(editing.id, parsed.data);
      } else {
        const parsed = unitCreateInput.safeParse(common);
        if (!applyZodIssues(form, parsed, t) || !parsed.success) return;
        saved = await createUnit(parsed.data);
      }
      onSaved(saved);
    } catch (error) {
      if (applyApiErrorToForm(form, error, FIELDS)) return;
      showError(error);
      if (isApiError(error, 'conflict') && editing) onConflict();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? t('unit.editTitle', { name: editing.name }) : t('unit.createTitle')}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'unit-form-submit' } as Record<string, string>}
      destroyOnHidden
      width={640}
    >
      <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} data-testid="unit-form">
        <Form.Item name="parentId" label={t('unit.parent')}>
          <TreeSelect
            treeData={parentOptions}
            fieldNames={{ label: 'title', value: 'value', children: 'children' }}
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('unit.noParent')}
            onChange={(value) => {
              const kind = form.getFieldValue('kind') as UnitKind;
              const pk = value == null ? null : (byId.get(value as number)?.kind ?? null);
              if (!canHaveParent(kind, pk))
                form.setFieldValue(
                  'kind',
                  UNIT_KINDS.find((k) => canHaveParent(k, pk)),
                );
            }}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('unit.kindLabel')} rules={[{ required: true }]}>
          <Select options={kindOptions} data-testid="unit-form-kind" />
        </Form.Item>
        <Form.Item name="name" label={t('unit.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} data-testid="unit-form-name" />
        </Form.Item>
        <Form.Item name="shortName" label={t('unit.shortName')} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('unit.code')}
          rules={[
            { required: true, whitespace: true, max: 32 },
            { pattern: /^\s*[0-9A-Za-z][0-9A-Za-z_-]*\s*$/, message: t('unit.codePattern') },
          ]}
        >
          <Input maxLength={32} data-testid="unit-form-code" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('unit.sortOrder')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {editing && (
          <Form.Item name="isActive" label={t('unit.isActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <Form.Item
          name="geometry"
          label={t('unit.geometry')}
          extra={t('unit.geometryHelp')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const parsed = parseGeometryText(value);
                if ('error' in parsed) throw new Error(t(parsed.error));
              },
            },
          ]}
        >
          <Input.TextArea
            rows={6}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            placeholder='{"type":"Polygon","coordinates":[[[lng,lat],…]]}'
            data-testid="unit-form-geometry"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
