import { Stack, Tabs } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { NotificationPreferencesSection } from '../notifications/preferences-section';
import { DetailsSection, EmailSection, PasswordSection } from './details-section';
import { PROFILE_TABS, type ProfileTab } from './queries';
import { SecondFactorsSection } from './security-section';
import { SessionsSection } from './sessions-section';
import { TokensSection } from './tokens-section';

const route = getRouteApi('/_app/profile');

/** The user's own account: details, security, notification switches, sessions, API tokens (one tab each, linkable with ?tab=). */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { tab = 'details' } = route.useSearch();
  const navigate = route.useNavigate();
  const labels: Record<ProfileTab, string> = { details: t('profile.details'), security: t('profile.security'), notifications: t('bell.prefsTab'), sessions: t('profile.sessions'), tokens: t('profile.tokens') };
  return (
    <Page title={t('nav.profile')} description={`${me.name} · ${me.email}`}>
      <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: PROFILE_TABS.find((x) => x === v) }, replace: true })} keepMounted={false}>
        <Tabs.List>
          {PROFILE_TABS.map((v) => (
            <Tabs.Tab key={v} value={v}>
              {labels[v]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <Stack>
            <DetailsSection me={me} key={`${me.name}|${me.locale}|${me.timeZone}`} />
            <EmailSection />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="security" pt="md">
          <Stack>
            <PasswordSection />
            <SecondFactorsSection me={me} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="notifications" pt="md">
          <NotificationPreferencesSection />
        </Tabs.Panel>
        <Tabs.Panel value="sessions" pt="md">
          <SessionsSection />
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          <TokensSection />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
