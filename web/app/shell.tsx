import { AppShell, Avatar, Burger, Divider, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { IconBook, IconNotebook } from '@tabler/icons-react';
import { IconBuildingCommunity, IconChartBar, IconChevronDown, IconClipboardList, IconDoorEnter, IconFiles, IconFolders, IconHome, IconLifebuoy, IconListDetails, IconLogout, IconMail, IconMapPin, IconShoppingCart, IconLayoutList, IconSettings, IconUser, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../features/auth/mutations';
import { can, useMe } from '../features/auth/queries';
import { NotificationBell } from '../features/notifications/bell';
import { HeaderSearch } from '../features/search/header-search';
import { seesReports } from '../features/reports/queries';
import { Logo } from '../ui/logo';

type Item = { to: '/' | '/orders' | '/tickets' | '/reports' | '/users' | '/customers' | '/audit' | '/mail' | '/admin/help-desk' | '/admin/sites' | '/catalogue' | '/admin/catalogue' | '/locations' | '/profile' | '/access' | '/documents' | '/admin/document-categories' | '/kb' | '/kb/manage'; label: string; icon: ReactNode; show: boolean };

/** The signed-in frame: header with the organisation and the user menu, navigation of what works. */
export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe().data;
  const path = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const signOut = useSignOut({ onSuccess: () => navigate({ to: '/sign-in' }) });
  const items: Item[] = [
    { to: '/', label: t('nav.home'), icon: <IconHome size={18} aria-hidden />, show: true },
    {
      to: '/tickets',
      label: me?.org.kind === 'provider' ? t('nav.tickets') : t('nav.support'),
      icon: <IconLifebuoy size={18} aria-hidden />,
      show: can(me, 'tickets.create', 'tickets.read_org', 'tickets.work'),
    },
    { to: '/kb', label: t('kb.nav.kb'), icon: <IconBook size={18} aria-hidden />, show: true },
    { to: '/catalogue', label: t('nav.catalogue'), icon: <IconShoppingCart size={18} aria-hidden />, show: true },
    { to: '/orders', label: t('nav.orders'), icon: <IconClipboardList size={18} aria-hidden />, show: can(me, 'orders.create', 'orders.approve', 'orders.fulfil') },
    { to: '/reports', label: t('nav.reports'), icon: <IconChartBar size={18} aria-hidden />, show: seesReports(me) },
    { to: '/users', label: t('nav.users'), icon: <IconUsers size={18} aria-hidden />, show: can(me, 'users.read') },
    { to: '/customers', label: t('nav.customers'), icon: <IconBuildingCommunity size={18} aria-hidden />, show: can(me, 'orgs.read_all') },
    { to: '/audit', label: t('nav.audit'), icon: <IconListDetails size={18} aria-hidden />, show: can(me, 'audit.read', 'audit.read_all') },
    { to: '/mail', label: t('nav.mail'), icon: <IconMail size={18} aria-hidden />, show: can(me, 'mail.read_outbox') },
    { to: '/admin/help-desk', label: t('nav.helpDesk'), icon: <IconSettings size={18} aria-hidden />, show: can(me, 'tickets.configure', 'integrations.manage') },
    { to: '/locations', label: t('nav.locations'), icon: <IconMapPin size={18} aria-hidden />, show: me?.org.kind === 'customer' },
    { to: '/admin/sites', label: t('nav.sites'), icon: <IconMapPin size={18} aria-hidden />, show: can(me, 'sites.manage') },
    { to: '/access', label: t('nav.access'), icon: <IconDoorEnter size={18} aria-hidden />, show: me?.org.kind === 'provider' ? can(me, 'access.manage') : can(me, 'access.read') },
    { to: '/documents', label: t('nav.documents'), icon: <IconFiles size={18} aria-hidden />, show: me?.org.kind === 'customer' || can(me, 'orgs.read_all') },
    { to: '/kb/manage', label: t('kb.nav.manage'), icon: <IconNotebook size={18} aria-hidden />, show: can(me, 'kb.write') },
    { to: '/admin/catalogue', label: t('nav.catalogueAdmin'), icon: <IconLayoutList size={18} aria-hidden />, show: can(me, 'catalogue.manage') },
    { to: '/admin/document-categories', label: t('nav.documentCategories'), icon: <IconFolders size={18} aria-hidden />, show: can(me, 'documents.configure') },
    { to: '/profile', label: t('nav.profile'), icon: <IconUser size={18} aria-hidden />, show: true },
  ];
  // Signed out (or the second factor lapsed) a moment ago: the router is on its way elsewhere.
  if (!me || me.mfa !== 'ok') return null;
  const isActive = (to: string) => (to === '/' ? path === '/' : to === '/kb' ? path === '/kb' || path.startsWith('/kb/articles/') : path === to || path.startsWith(`${to}/`));
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="portico-skip-link">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} aria-expanded={opened} aria-controls="portico-navbar" />
            <Link to="/" aria-label={t('nav.homeOf', { org: me.org.name })} style={{ textDecoration: 'none', color: 'inherit', minWidth: 0 }}>
              <Logo org={me.org.name} />
            </Link>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <HeaderSearch />
            <NotificationBell />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('nav.account', { name: me.name })}>
                  <Group gap="xs" wrap="nowrap">
                    <Avatar size="sm" color="portico" radius="xl" aria-hidden>
                      {initials(me.name)}
                    </Avatar>
                    <Text size="sm" visibleFrom="sm">
                      {me.name}
                    </Text>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.email}
                  <br />
                  {t(`roles.${me.role}`)}
                </Menu.Label>
                <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} aria-hidden />}>
                  {t('nav.profile')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => signOut.mutate()}>
                  {t('nav.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')} id="portico-navbar">
        <AppShell.Section grow component={ScrollArea}>
          {items
            .filter((i) => i.show)
            .map((i) => (
              <NavLink
                key={i.to}
                component={Link}
                to={i.to}
                label={i.label}
                leftSection={i.icon}
                active={isActive(i.to)}
                aria-current={isActive(i.to) ? 'page' : undefined}
                onClick={close}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
            ))}
        </AppShell.Section>
        <AppShell.Section>
          <Divider my="xs" />
          <NavLink component="button" label={t('nav.signOut')} leftSection={<IconLogout size={18} aria-hidden />} onClick={() => signOut.mutate()} style={{ borderRadius: 'var(--mantine-radius-md)' }} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0" id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
