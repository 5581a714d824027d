import { Stack, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/page';
import { useMe } from '../auth/queries';
import { DetailsSection, EmailSection, PasswordSection } from './details-section';
import { SecondFactorsSection } from './security-section';
import { SessionsSection } from './sessions-section';
import { TokensSection } from './tokens-section';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  return (
    <Page title={t('nav.profile')} description={me.email}>
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t('profile.details')}</Tabs.Tab>
          <Tabs.Tab value="security">{t('profile.security')}</Tabs.Tab>
          <Tabs.Tab value="sessions">{t('profile.sessions')}</Tabs.Tab>
          <Tabs.Tab value="tokens">{t('profile.tokens')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <Stack>
            <DetailsSection me={me} />
            <EmailSection />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="security" pt="md">
          <Stack>
            <PasswordSection />
            <SecondFactorsSection me={me} />
          </Stack>
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
