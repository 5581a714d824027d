import { Badge, Card, Group, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { IconBuildingCommunity, IconListDetails, IconMail, IconShieldCheck, IconUser, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/page';
import { can, useMe } from '../auth/queries';

function Section({ to, icon, title, text }: { to: string; icon: ReactNode; title: string; text: string }) {
  return (
    <Card component={Link} to={to} withBorder padding="lg" radius="md" style={{ textDecoration: 'none' }}>
      <Group wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" size="xl" radius="md" aria-hidden>
          {icon}
        </ThemeIcon>
        <div>
          <Text fw={600} c="dark">
            {title}
          </Text>
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        </div>
      </Group>
    </Card>
  );
}

/** Home: who you are, where you are, and the sections you can use. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  return (
    <Page title={t('home.welcome', { name: me.name })} description={t(`home.intro.${me.org.kind}`, { org: me.org.name })}>
      <Group gap="xs">
        <Badge variant="light">{t(`roles.${me.role}`)}</Badge>
        <Badge variant="light" color={me.secondFactors.totp || me.secondFactors.passkeys ? 'teal' : 'orange'} leftSection={<IconShieldCheck size={12} aria-hidden />}>
          {me.secondFactors.totp || me.secondFactors.passkeys ? t('home.mfaOn') : t('home.mfaOff')}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {can(me, 'users.read') && <Section to="/users" icon={<IconUsers />} title={t('nav.users')} text={t('home.usersText')} />}
        {can(me, 'orgs.read_all') && <Section to="/customers" icon={<IconBuildingCommunity />} title={t('nav.customers')} text={t('home.customersText')} />}
        {can(me, 'audit.read') && <Section to="/audit" icon={<IconListDetails />} title={t('nav.audit')} text={t('home.auditText')} />}
        {can(me, 'mail.read_outbox') && <Section to="/mail" icon={<IconMail />} title={t('nav.mail')} text={t('home.mailText')} />}
        <Section to="/profile" icon={<IconUser />} title={t('nav.profile')} text={t('home.profileText')} />
      </SimpleGrid>
    </Page>
  );
}
