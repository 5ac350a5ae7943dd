import { useEffect, useMemo, useState } from 'react';
import { App, DatePicker, Form, Input, Modal, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseAction } from '@chuangwen/domain/cases/case.workflow';
import { DEFAULT_WORKING_CALENDAR, addDeadline, addWorkingDays, type DeadlineRule } from '@chuangwen/domain/calendar/working-calendar';
import { isApiError } from '../../../lib/api';
import { useShowError } from '../../../lib/feedback';
import { applyApiErrorToForm, applyZodIssues } from '../../../lib/forms';
import { useSession } from '../../auth/session';
import { findNode, type UnitTreeNode } from '../../units/tree';
import { useUnitTree } from '../../units/useUnitTree';
import { applyAction, routingProposal, type CaseDetail, type RoutingProposal } from '../api';
import { actionFields, toActionBody, validateActionBody, type ActionField } from '../actionForm';
import { PhotoUploader } from './PhotoUploader';

type Props = {
  detail: CaseDetail;
  action: CaseAction;
  onClose: () => void;
  onDone: (detail: CaseDetail) => void;
  /** Someone else acted first (409): the caller reloads the case. */
  onConflict: () => void;
};

type UnitOption = { value: number; title: string; disabled?: boolean; children: UnitOption[] };

/** Dispatch targets: no office, no county root. Delegation: strictly below the current unit. */
function unitOptions(tree: readonly UnitTreeNode[], action: CaseAction, detail: CaseDetail): UnitOption[] {
  const map = (nodes: readonly UnitTreeNode[], depth: number): UnitOption[] =>
    nodes.map((n) => ({
      value: n.key,
      title: n.unit.name,
      disabled: n.unit.kind === 'office' || n.unit.kind === 'district' || !n.unit.isActive || (action === 'delegate' && depth === 0),
      children: map(n.children, depth + 1),
    }));
  if (action === 'delegate') {
    const current = detail.responsibleUnit ? findNode(tree, detail.responsibleUnit.id) : undefined;
    return current ? map([current], 0) : [];
  }
  return map(tree, 0);
}

export function ruleText(rule: { amount: number; unit: string } | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  return rule ? t(`case.rule.${rule.unit}`, { amount: rule.amount }) : '—';
}

/** Start values: the routing proposal's unit and deadlines from the subcategory's limit. */
function initialValues(fields: ActionField[], action: CaseAction, detail: CaseDetail, proposal: RoutingProposal | null, now: Date) {
  const values: Record<string, unknown> = {};
  const rule = proposal?.deadlineRule as DeadlineRule | null | undefined;
  for (const f of fields) {
    if (f.name === 'responsibleUnitId' && action !== 'delegate' && proposal?.responsibleUnit) values[f.name] = proposal.responsibleUnit.id;
    if (f.name === 'deadlineAt' && f.required && rule) values[f.name] = dayjs(addDeadline(DEFAULT_WORKING_CALENDAR, now, rule));
    if (f.name === 'requestedDeadlineAt') {
      const base = detail.deadlineAt && new Date(detail.deadlineAt) > now ? new Date(detail.deadlineAt) : now;
      values[f.name] = dayjs(addWorkingDays(DEFAULT_WORKING_CALENDAR, base, 3));
    }
    if (f.name === 'reviewAt') values[f.name] = dayjs(now).add(30, 'day').hour(9).minute(0).second(0);
  }
  return values;
}

export function ActionModal({ detail, action, onClose, onDone, onConflict }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const { can } = useSession();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const fields = useMemo(() => actionFields(action), [action]);
  const needsUnits = fields.some((f) => f.widget === 'unit');
  const needsProposal = needsUnits || fields.some((f) => f.name === 'deadlineAt');
  const units = useUnitTree(needsUnits && can('unit.view'));
  const [proposal, setProposal] = useState<RoutingProposal | null>(null);
  const [ready, setReady] = useState(!needsProposal);

  useEffect(() => {
    if (!needsProposal) return;
    const controller = new AbortController();
    routingProposal(
      { lon: detail.lon, lat: detail.lat, nature: detail.nature, categoryCode: detail.categoryCode, subcategoryCode: detail.subcategoryCode },
      controller.signal,
    )
      .then(setProposal, () => setProposal(null))
      .finally(() => !controller.signal.aborted && setReady(true));
    return () => controller.abort();
  }, [needsProposal, detail]);

  useEffect(() => {
    if (ready) form.setFieldsValue(initialValues(fields, action, detail, proposal, new Date()));
  }, [ready, proposal, fields, action, detail, form]);

  const options = useMemo(() => unitOptions(units.tree, action, detail), [units.tree, action, detail]);
  const label = t(`case.action.${action}`);

  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    const body = toActionBody(action, values);
    if (!applyZodIssues(form, validateActionBody(action, body), t)) return;
    setSaving(true);
    try {
      const next = await applyAction(detail.id, action, detail.version, body);
      void message.success(t('case.actionDone', { action: label }));
      onDone(next);
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        void message.warning(t('case.conflictReloaded'));
        onConflict();
      } else if (
        !applyApiErrorToForm(
          form,
          error,
          fields.map((f) => f.name),
        )
      ) {
        showError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  const renderField = (f: ActionField) => {
    const common = { name: f.name, label: t(`case.field.${f.name}`), rules: f.required ? [{ required: true, message: t('case.field.required') }] : [] };
    switch (f.widget) {
      case 'text':
        return (
          <Form.Item key={f.name} {...common}>
            <Input.TextArea rows={f.name === 'note' ? 2 : 3} maxLength={f.name === 'plan' ? 4000 : 2000} data-testid={`case-field-${f.name}`} />
          </Form.Item>
        );
      case 'unit':
        return (
          <Form.Item
            key={f.name}
            {...common}
            extra={proposal?.responsibleUnit && action !== 'delegate' ? t('case.field.proposal', { unit: proposal.responsibleUnit.name }) : undefined}
          >
            <TreeSelect
              showSearch
              treeDefaultExpandAll={action === 'delegate'}
              treeNodeFilterProp="title"
              treeData={options}
              loading={units.loading}
              listHeight={320}
              data-testid={`case-field-${f.name}`}
            />
          </Form.Item>
        );
      case 'datetime':
        return (
          <Form.Item
            key={f.name}
            {...common}
            extra={f.name === 'deadlineAt' && proposal?.deadlineRule ? t('case.field.deadlineHint', { rule: ruleText(proposal.deadlineRule, t) }) : undefined}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d: Dayjs) => d.isBefore(dayjs().startOf('day'))}
              data-testid={`case-field-${f.name}`}
            />
          </Form.Item>
        );
      case 'photos':
        return (
          <Form.Item key={f.name} {...common}>
            <PhotoUploader testId={`case-field-${f.name}`} />
          </Form.Item>
        );
    }
  };

  return (
    <Modal
      open
      title={label}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={label}
      okButtonProps={{ loading: saving, disabled: !ready, ...{ 'data-testid': 'case-action-submit' } }}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {detail.number}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" data-testid="case-action-form" data-action={action} disabled={!ready}>
        {fields.map(renderField)}
      </Form>
    </Modal>
  );
}
