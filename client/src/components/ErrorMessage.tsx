import type { ReactNode } from 'react';
import { ApiError, NetworkError } from '../api/apiClient';
import { useI18n } from '../i18n/I18nProvider';

/** The localized text of an error from the API client. */
export function useErrorText(): (error: unknown) => string {
  const { lang, t } = useI18n();
  return (error) => {
    if (error instanceof ApiError && error.localized !== null) return error.localized[lang] || error.localized.ru;
    if (error instanceof NetworkError) return t('common.networkError');
    return t('common.unexpectedError');
  };
}

/** An error box with an optional retry button; announced to screen readers. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }): ReactNode {
  const { t } = useI18n();
  const text = useErrorText()(error);
  return (
    <div className="error-box" role="alert">
      <span>{text}</span>
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
