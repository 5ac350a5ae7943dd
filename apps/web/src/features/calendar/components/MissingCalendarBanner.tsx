import '../i18n';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRequest } from '../../../lib/useRequest';
import { getCalendarStatus, type CalendarStatus } from '../api';

/** Warns when a deadline falls in a year whose holiday notice is not entered (deadlines there are guesses). */
export function MissingCalendarBanner({ link = true, status }: { link?: boolean; status?: CalendarStatus }) {
  const { t } = useTranslation();
  const own = useRequest((signal) => getCalendarStatus(signal), 'calendar-status', status === undefined);
  const data = status ?? own.data;
  if (!data || data.missingYears.length === 0) return null;
  const years = data.missingYears.map((m) => m.year).join('、');
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-missing-banner"
      style={{ marginBottom: 12 }}
      message={t('cal.missingTitle', { years })}
      description={
        <>
          <div>{t('cal.missingText')}</div>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {data.missingYears.map((m) => (
              <li key={m.year}>
                {m.openCases > 0
                  ? t('cal.missingCases', { year: m.year, count: m.openCases })
                  : t('cal.missingHorizon', { year: m.year, days: data.horizonDays })}
              </li>
            ))}
          </ul>
          {link ? <Link to="/calendar">{t('cal.open')}</Link> : null}
        </>
      }
    />
  );
}
