import { Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CASE_STATE_DEFINITIONS, type CaseState } from '@chuangwen/domain/cases/case.workflow';
import { formatDateTime } from '../../../lib/time';
import { remainingWorkingTime, stateColor } from '../caseDisplay';
import type { CaseSummary } from '../api';

export function CaseStateTag({ state }: { state: CaseState }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColor(state)} data-testid="case-state" data-state={state}>
      {t(`case.state.${state}`)}
    </Tag>
  );
}

export function OverdueTag() {
  const { t } = useTranslation();
  return (
    <Tag color="red" icon={<ClockCircleOutlined />} data-testid="case-overdue">
      {t('case.overdue')}
    </Tag>
  );
}

/** "2 个工作日 3.5 小时" (or only hours under a day). */
export function workingTimeText(t: TFunction, days: number, hours: number): string {
  return days > 0 ? t('case.workingDaysHours', { days, hours }) : t('case.workingHours', { hours });
}

/** The deadline in Shanghai time with the working time left (or overdue by). */
export function DeadlineText({ item, now = new Date(), compact }: { item: Pick<CaseSummary, 'deadlineAt' | 'state'>; now?: Date; compact?: boolean }) {
  const { t } = useTranslation();
  if (!item.deadlineAt) return <Typography.Text type="secondary">{t('case.noDeadline')}</Typography.Text>;
  const running = CASE_STATE_DEFINITIONS[item.state].clockRuns;
  const left = remainingWorkingTime(item.deadlineAt, now);
  const time = workingTimeText(t, left.days, left.hours);
  return (
    <Space orientation={compact ? 'horizontal' : 'vertical'} size={compact ? 8 : 0} wrap>
      <span data-testid="case-deadline">{formatDateTime(item.deadlineAt).slice(0, 16)}</span>
      {running && (
        <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {left.overdue ? t('case.overdueBy', { time }) : t('case.remaining', { time })}
        </Typography.Text>
      )}
    </Space>
  );
}

export function categoryText(
  item: Pick<CaseSummary, 'nature' | 'categoryName' | 'subcategoryName' | 'categoryCode' | 'subcategoryCode'>,
  t: TFunction,
): string {
  return `${t(`case.nature.${item.nature}`)} · ${item.categoryName ?? item.categoryCode} · ${item.subcategoryName ?? item.subcategoryCode}`;
}
