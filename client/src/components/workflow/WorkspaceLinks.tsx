import type { ReactNode } from 'react';
import { useHashRoute } from '../../hooks/useHashRoute';
import { useI18n } from '../../i18n/I18nProvider';
import { hasRole, useMe } from '../../workflow/useMe';

/** Header links by role: the curator's desktop (curators, approvers), signing keys (approvers, admins). */
export function WorkspaceLinks(): ReactNode {
  const { t } = useI18n();
  const me = useMe();
  const route = useHashRoute();
  const desktop = hasRole(me, 'CURATOR', 'APPROVER');
  const keys = hasRole(me, 'APPROVER', 'ADMIN');
  if (!desktop && !keys) return null;
  return (
    <nav className="workspace-links" aria-label={t('app.name')}>
      {desktop && (
        <a href="#/desktop" aria-current={route.name === 'desktop' ? 'page' : undefined} data-testid="nav-desktop">
          {t('nav.desktop')}
        </a>
      )}
      {keys && (
        <a href="#/signing-keys" aria-current={route.name === 'signing-keys' ? 'page' : undefined} data-testid="nav-keys">
          {t('nav.keys')}
        </a>
      )}
    </nav>
  );
}
