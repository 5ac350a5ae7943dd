import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

function pretty(value: unknown): string {
  if (value === null || value === undefined) return '—';
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** Before/after side by side, as plain text (React escapes it; never rendered as HTML). */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]} data-testid="audit-diff">
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
        <pre className="cw-json" data-testid="audit-before">
          {pretty(before)}
        </pre>
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
        <pre className="cw-json" data-testid="audit-after">
          {pretty(after)}
        </pre>
      </Col>
    </Row>
  );
}
