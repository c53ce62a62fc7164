import type { ReactNode } from 'react';
import { useId, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { WorkflowDialog } from './WorkflowDialog';

export interface ReturnDialogProps {
  busy: boolean;
  onReturn: (reason: string) => void;
  onClose: () => void;
}

/** «Вернуть на доработку»: the reason is required (1–4000 characters) and shown to the economist. */
export function ReturnDialog({ busy, onReturn, onClose }: ReturnDialogProps): ReactNode {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const trimmed = reason.trim();
  const invalid = trimmed === '';
  return (
    <WorkflowDialog
      title={t('wf.returnTitle')}
      hint={t('wf.returnReasonHint')}
      submitLabel={t('wf.return')}
      busy={busy}
      danger
      onSubmit={() => {
        setTouched(true);
        if (!invalid) onReturn(trimmed);
      }}
      onClose={onClose}
      testId="return-dialog"
    >
      <label htmlFor={`${id}-reason`} className="field-label">
        {t('wf.returnReason')}
      </label>
      <textarea
        id={`${id}-reason`}
        className="wf-textarea"
        value={reason}
        maxLength={4000}
        rows={5}
        autoFocus
        aria-required="true"
        aria-invalid={touched && invalid}
        aria-describedby={touched && invalid ? `${id}-error` : undefined}
        onChange={(e) => setReason(e.target.value)}
      />
      {touched && invalid && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {t('wf.returnReasonRequired')}
        </span>
      )}
    </WorkflowDialog>
  );
}
