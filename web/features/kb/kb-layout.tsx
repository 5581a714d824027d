import { AppShell, Button, Group } from '@mantine/core';
import { Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Shell } from '../../app/shell';
import { LanguagePicker } from '../../ui/language-picker';
import { Logo } from '../../ui/logo';
import { useMe } from '../auth/queries';
import './kb.css';

/** The knowledge base's frame: the portal's shell when signed in, a light public header for visitors. */
export function KbLayout() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return null;
  if (me.data && me.data.mfa === 'ok') return <Shell />;
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <a href="#main" className="portico-skip-link">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Link to="/kb" style={{ textDecoration: 'none', color: 'inherit' }} aria-label={t('kb.title')}>
            <Logo org={t('kb.title')} />
          </Link>
          <Group gap="xs" wrap="nowrap">
            <LanguagePicker />
            <Button component={Link} to="/sign-in" variant="light" size="sm">
              {t('auth.signIn')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main bg="gray.0" id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
