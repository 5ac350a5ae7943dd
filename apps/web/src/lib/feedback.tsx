import { useCallback } from 'react';
import { App, Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** Text to show for any failure, in the server's words when it sent any. */
export function errorText(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    // The server words conflicts itself (stale version → "reload", or "has children"); this is the fallback.
    if (error.code === 'conflict' && !error.message) return t('error.conflictReload');
    return error.message;
  }
  if (error instanceof Error && error.message) return error.message;
  return t('error.unexpected');
}

/** Shows an error with antd's message API (needs <App> above). */
export function useShowError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback((error: unknown) => void message.error(errorText(error, t)), [message, t]);
}

export function PageLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }} data-testid="page-loading">
      <Spin />
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <Result
      status={forbidden ? '403' : 'error'}
      title={forbidden ? t('error.forbiddenTitle') : t('error.loadFailed')}
      subTitle={errorText(error, t)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
      data-testid="error-state"
    />
  );
}
