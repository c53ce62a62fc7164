import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { saveSession } from '../session/session';
import { useSession } from '../hooks/useSession';
import { NotificationBell } from '../comments/NotificationBell';
import { LanguageSwitch } from './LanguageSwitch';
import { WorkspaceLinks } from './workflow/WorkspaceLinks';

/** Top bar: product name, optional centre content, language, user and sign-out. */
export function AppHeader({ children }: { children?: ReactNode }): ReactNode {
  const { t } = useI18n();
  const session = useSession();
  return (
    <header className="app-header">
      <a className="brand" href="#/documents">
        <span className="brand-mark" aria-hidden="true">Ж</span>
        <span>{t('app.name')}</span>
      </a>
      <div className="app-header-centre">{children}</div>
      {session !== null && <WorkspaceLinks />}
      {session !== null && <NotificationBell />}
      <LanguageSwitch />
      {session !== null && (
        <div className="user-box">
          <span className="user-name" title={session.user.organisationName ?? ''}>
            {session.user.name}
          </span>
          <button type="button" className="link-button" onClick={() => saveSession(null)}>
            {t('common.logout')}
          </button>
        </div>
      )}
    </header>
  );
}
