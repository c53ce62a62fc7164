import type { ComponentType, ReactNode } from 'react';
import { Suspense, lazy, useEffect, useRef } from 'react';
import { LoadingState } from './components/LoadingState';
import { navigate, useHashRoute } from './hooks/useHashRoute';
import { useSession } from './hooks/useSession';
import { useI18n } from './i18n/I18nProvider';
import { DocumentListRoute } from './routes/DocumentListRoute';
import { LoginRoute } from './routes/LoginRoute';
import { DesktopRoute } from './routes/DesktopRoute';
import { VersionsRoute } from './routes/VersionsRoute';
import { SigningKeysRoute } from './signing/SigningKeysRoute';

// The editor pulls in Univer: load it only when a document is opened.
const EditorRoute = lazy(() => import('./routes/EditorRoute').then((m) => ({ default: m.EditorRoute })));
// Development only; the branch (and the module) is dropped from production builds.
const DevEditorPreviewRoute: ComponentType | null = import.meta.env.DEV ? lazy(() => import('./dev/DevEditorPreviewRoute')) : null;

/** Routes by URL hash; screens that need a session send signed-out users to the login screen. */
export function App(): ReactNode {
  const { t } = useI18n();
  const route = useHashRoute();
  const session = useSession();
  const hadSession = useRef(session !== null);

  useEffect(() => {
    if (session !== null) hadSession.current = true;
  }, [session]);

  const loading = <LoadingState text={t('common.loading')} />;

  if (route.name === 'dev-editor-preview' && DevEditorPreviewRoute !== null) {
    return (
      <Suspense fallback={loading}>
        <DevEditorPreviewRoute />
      </Suspense>
    );
  }
  if (route.name === 'login') return <LoginRoute next={route.next} expired={false} />;
  if (session === null) {
    const next =
      route.name === 'document'
        ? `/documents/${encodeURIComponent(route.id)}`
        : route.name === 'versions'
          ? `/documents/${encodeURIComponent(route.id)}/versions`
          : route.name === 'desktop' || route.name === 'signing-keys'
            ? `/${route.name}`
            : null;
    return <LoginRoute next={next} expired={hadSession.current} />;
  }
  switch (route.name) {
    case 'documents':
      return <DocumentListRoute />;
    case 'document':
      return (
        <Suspense fallback={loading}>
          <EditorRoute id={route.id} />
        </Suspense>
      );
    case 'versions':
      return <VersionsRoute id={route.id} />;
    case 'desktop':
      return <DesktopRoute />;
    case 'signing-keys':
      return <SigningKeysRoute />;
    default:
      return <Redirect to="/documents" />;
  }
}

function Redirect({ to }: { to: string }): ReactNode {
  useEffect(() => navigate(to), [to]);
  return null;
}
