import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { ru } from '../i18n/messages';

/** Document status as a coloured badge (unknown statuses are shown as they come). */
export function StatusBadge({ status }: { status: string }): ReactNode {
  const { t } = useI18n();
  // The server sends IN_WORK / SUBMITTED / RETURNED / APPROVED; older fixtures use lower case.
  const code = status.toLowerCase();
  const key = `status.${code}`;
  const label = key in ru ? t(key as MessageKey) : status || '—';
  return <span className={`status-badge status-${code.replace(/[^a-z_-]/g, '')}`}>{label}</span>;
}
