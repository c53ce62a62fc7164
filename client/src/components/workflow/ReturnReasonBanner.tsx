import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../workflow/format';
import type { Transition } from '../../workflow/workflowApi';
import { fetchTransitions } from '../../workflow/workflowApi';

/**
 * While a document is «возвращен на доработку», the reason of the last return (who, when) above the
 * grid, from `GET /api/documents/:id/transitions`; nothing in other statuses.
 */
export function ReturnReasonBanner({ documentId, status }: { documentId: string; status: string }): ReactNode {
  const { t, lang } = useI18n();
  const [last, setLast] = useState<Transition | null>(null);

  useEffect(() => {
    setLast(null);
    if (status !== 'RETURNED') return;
    let live = true;
    fetchTransitions(documentId).then(
      (transitions) => live && setLast([...transitions].reverse().find((tr) => tr.to === 'RETURNED') ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [documentId, status]);

  if (status !== 'RETURNED' || last === null) return null;
  return (
    <div className="banner banner-returned" role="status" data-testid="return-reason">
      <span className="banner-icon" aria-hidden="true">
        ↩
      </span>
      <div>
        <div className="return-reason-text">{t('wf.returnBanner', { reason: last.reason ?? '—' })}</div>
        <div className="small">{t('wf.returnBannerBy', { name: last.by.fullName, at: formatDateTime(last.at, lang) })}</div>
      </div>
    </div>
  );
}
