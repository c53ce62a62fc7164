import type { FormEvent, ReactNode } from 'react';
import { useId, useRef, useState } from 'react';
import { login } from '../api/apiClient';
import { AppHeader } from '../components/AppHeader';
import { ErrorMessage } from '../components/ErrorMessage';
import { navigate } from '../hooks/useHashRoute';
import { useI18n } from '../i18n/I18nProvider';

/** Sign-in with IIN (ИИН/ЖСН, 12 digits) and password. */
export function LoginRoute({ next, expired }: { next: string | null; expired: boolean }): ReactNode {
  const { t } = useI18n();
  const [iin, setIin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<'iin' | 'password' | null>(null);
  const iinRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const id = useId();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const cleanIin = iin.replace(/\s/g, '');
    if (!/^\d{12}$/.test(cleanIin)) {
      setFieldError('iin');
      iinRef.current?.focus();
      return;
    }
    if (password === '') {
      setFieldError('password');
      passwordRef.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    setError(null);
    try {
      await login(cleanIin, password);
      navigate(next ?? '/documents');
    } catch (e) {
      setError(e);
      setBusy(false);
      passwordRef.current?.select();
    }
  }

  return (
    <div className="page">
      <AppHeader />
      <main className="login-page">
        <form className="card login-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
          <h1 id={`${id}-title`}>{t('login.title')}</h1>
          <p className="muted">{t('app.tagline')}</p>
          {expired && error === null && (
            <div className="info-box" role="status">
              {t('login.sessionExpired')}
            </div>
          )}
          <label htmlFor={`${id}-iin`}>{t('login.iin')}</label>
          <input
            ref={iinRef}
            id={`${id}-iin`}
            name="iin"
            inputMode="numeric"
            autoComplete="username"
            maxLength={14}
            placeholder={t('login.iinHint')}
            value={iin}
            onChange={(e) => setIin(e.target.value)}
            aria-invalid={fieldError === 'iin'}
            aria-describedby={fieldError === 'iin' ? `${id}-iin-error` : undefined}
            autoFocus
            disabled={busy}
          />
          {fieldError === 'iin' && (
            <div id={`${id}-iin-error`} className="field-error">
              {t('login.iinInvalid')}
            </div>
          )}
          <label htmlFor={`${id}-password`}>{t('login.password')}</label>
          <input
            ref={passwordRef}
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={fieldError === 'password'}
            aria-describedby={fieldError === 'password' ? `${id}-password-error` : undefined}
            disabled={busy}
          />
          {fieldError === 'password' && (
            <div id={`${id}-password-error`} className="field-error">
              {t('login.passwordRequired')}
            </div>
          )}
          {error !== null && <ErrorMessage error={error} />}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
