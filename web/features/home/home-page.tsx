import { Badge, Card, Group, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { IconBook, IconBuildingCommunity, IconClipboardList, IconDoorEnter, IconFiles, IconLifebuoy, IconListDetails, IconMail, IconShieldCheck, IconShoppingCart, IconUser, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';

type Section = { to: '/tickets' | '/catalogue' | '/orders' | '/kb' | '/access' | '/documents' | '/users' | '/customers' | '/audit' | '/mail' | '/profile'; icon: ReactNode; title: string; text: string; show: boolean };

function SectionCard({ to, icon, title, text }: Section) {
  return (
    <Card component={Link} to={to} withBorder padding="lg" radius="md" className="portico-card-link">
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

/** Home: who you are, where you are, and the sections you can use (nothing you cannot). */
export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const protectedBy = [me.secondFactors.totp && t('enrol.authenticator'), me.secondFactors.passkeys > 0 && t('home.passkeys', { n: me.secondFactors.passkeys })].filter(Boolean).join(' · ');
  const staff = me.org.kind === 'provider';
  const sections: Section[] = [
    {
      to: '/tickets',
      icon: <IconLifebuoy />,
      title: staff ? t('nav.tickets') : t('nav.support'),
      text: staff ? t('home.ticketsText') : t('home.supportText'),
      show: can(me, 'tickets.create', 'tickets.read_org', 'tickets.work'),
    },
    // The same rules as the navigation (web/app/shell.tsx).
    { to: '/catalogue', icon: <IconShoppingCart />, title: t('nav.catalogue'), text: t('home.catalogueText'), show: !staff && can(me, 'orders.create') },
    { to: '/orders', icon: <IconClipboardList />, title: t('nav.orders'), text: t('home.ordersText'), show: can(me, 'orders.create', 'orders.approve', 'orders.fulfil') },
    { to: '/kb', icon: <IconBook />, title: t('kb.nav.kb'), text: t('home.kbText'), show: true },
    { to: '/access', icon: <IconDoorEnter />, title: t('nav.access'), text: t('home.accessText'), show: staff ? can(me, 'access.manage') : can(me, 'access.read') },
    { to: '/documents', icon: <IconFiles />, title: t('nav.documents'), text: t('home.documentsText'), show: !staff || can(me, 'orgs.read_all') },
    { to: '/users', icon: <IconUsers />, title: t('nav.users'), text: t('home.usersText'), show: can(me, 'users.read') },
    { to: '/customers', icon: <IconBuildingCommunity />, title: t('nav.customers'), text: t('home.customersText'), show: can(me, 'orgs.read_all') },
    { to: '/audit', icon: <IconListDetails />, title: t('nav.audit'), text: t('home.auditText'), show: can(me, 'audit.read', 'audit.read_all') },
    { to: '/mail', icon: <IconMail />, title: t('nav.mail'), text: t('home.mailText'), show: can(me, 'mail.read_outbox') },
    { to: '/profile', icon: <IconUser />, title: t('nav.profile'), text: t('home.profileText'), show: true },
  ];
  return (
    <Page title={t('home.welcome', { name: me.name })} description={t(`home.intro.${me.org.kind}`, { org: me.org.name })}>
      <Group gap="xs">
        <Badge variant="light">{t(`roles.${me.role}`)}</Badge>
        <Group gap={4} c={protectedBy ? 'teal.9' : 'orange.9'} wrap="nowrap">
          <IconShieldCheck size={16} aria-hidden />
          <Text size="sm">{protectedBy ? t('home.mfaOn', { methods: protectedBy }) : t('home.mfaOff')}</Text>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {sections
          .filter((s) => s.show)
          .map((s) => (
            <SectionCard key={s.to} {...s} />
          ))}
      </SimpleGrid>
    </Page>
  );
}
