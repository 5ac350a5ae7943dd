import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { caseActionInputSchemas } from '@chuangwen/domain/cases/case.inputs';
import type { CaseAction } from '@chuangwen/domain/cases/case.workflow';

// The small form of each workflow action is built from its domain input schema: every key of the
// schema becomes a field whose widget follows the key's meaning, and whether it is required comes
// from the schema itself (does it accept `undefined`?). Nothing here lists actions by hand.

export type ActionFieldWidget = 'text' | 'unit' | 'datetime' | 'photos';

export type ActionField = { name: string; widget: ActionFieldWidget; required: boolean };

/** The widget of every input key the domain uses. A new key without a widget fails the unit test. */
export const FIELD_WIDGETS: Record<string, ActionFieldWidget> = {
  reason: 'text',
  plan: 'text',
  note: 'text',
  responsibleUnitId: 'unit',
  deadlineAt: 'datetime',
  requestedDeadlineAt: 'datetime',
  reviewAt: 'datetime',
  afterPhotoIds: 'photos',
  attachmentIds: 'photos',
};

/** Field order: what the action is about first, then the note, then optional attachments. */
const ORDER = ['responsibleUnitId', 'reason', 'plan', 'deadlineAt', 'requestedDeadlineAt', 'reviewAt', 'afterPhotoIds', 'note', 'attachmentIds'];

type ObjectSchema = z.ZodObject<Record<string, z.ZodType>>;

export function actionFields(action: CaseAction): ActionField[] {
  const schema = caseActionInputSchemas[action] as unknown as ObjectSchema;
  const keys = Object.keys(schema.shape);
  // Rectification photos replace the generic attachments on the one action that needs them.
  const visible = keys.filter((k) => !(k === 'attachmentIds' && keys.includes('afterPhotoIds')));
  return visible
    .map((name) => {
      const widget = FIELD_WIDGETS[name];
      if (!widget) throw new Error(`no widget for case action input "${name}"`);
      return { name, widget, required: !schema.shape[name]!.safeParse(undefined).success };
    })
    .sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
}

/** True when the action needs no input at all (a confirm is enough), e.g. accept or verifyPass. */
export function needsNoInput(action: CaseAction): boolean {
  return actionFields(action).every((f) => !f.required);
}

export type ActionFormValues = Record<string, unknown>;

/**
 * Form values → request body: trimmed text (empty dropped), dates as ISO strings with offset,
 * uploaded photos as ids.
 */
export function toActionBody(action: CaseAction, values: ActionFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of actionFields(action)) {
    const value = values[field.name];
    if (value === undefined || value === null) continue;
    switch (field.widget) {
      case 'text': {
        const text = String(value).trim();
        if (text) body[field.name] = text;
        break;
      }
      case 'unit':
        body[field.name] = Number(value);
        break;
      case 'datetime':
        if (dayjs.isDayjs(value)) body[field.name] = (value as Dayjs).toISOString();
        else if (typeof value === 'string' && value) body[field.name] = value;
        break;
      case 'photos': {
        const ids = (value as { id: string }[]).map((p) => p.id);
        if (ids.length) body[field.name] = ids;
        break;
      }
    }
  }
  return body;
}

/** Client-side check with the very schema the server applies. */
export function validateActionBody(action: CaseAction, body: Record<string, unknown>) {
  return caseActionInputSchemas[action].safeParse(body);
}
