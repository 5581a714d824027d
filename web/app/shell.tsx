import { AppShell, Burger, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton, Avatar } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { IconBuildingCommunity, IconHome, IconListDetails, IconLogout, IconMail, IconUser, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { can, meQuery, useMe } from '../features/auth/queries';
import { post } from '../ui/api';
import { Logo } from '../ui/logo';

type Item = { to: string; label: string; icon: ReactNode; show: boolean };

/** The signed-in frame: header with the organisation and user menu, navigation of what works. */
export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe().data;
  const path = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const qc = useQueryClient();
  const items: Item[] = [
    { to: '/', label: t('nav.home'), icon: <IconHome size={18} aria-hidden />, show: true },
    { to: '/users', label: t('nav.users'), icon: <IconUsers size={18} aria-hidden />, show: can(me, 'users.read') },
    { to: '/customers', label: t('nav.customers'), icon: <IconBuildingCommunity size={18} aria-hidden />, show: can(me, 'orgs.read_all') },
    { to: '/audit', label: t('nav.audit'), icon: <IconListDetails size={18} aria-hidden />, show: can(me, 'audit.read') },
    { to: '/mail', label: t('nav.mail'), icon: <IconMail size={18} aria-hidden />, show: can(me, 'mail.read_outbox') },
    { to: '/profile', label: t('nav.profile'), icon: <IconUser size={18} aria-hidden />, show: true },
  ];
  const signOut = async () => {
    await post('/api/auth/sign-out');
    qc.clear();
    await navigate({ to: '/sign-in' });
  };
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Logo org={me?.org.name} />
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={t('nav.account')}>
                <Group gap="xs" wrap="nowrap">
                  <Avatar size="sm" color="portico" radius="xl">
                    {me?.name.slice(0, 1)}
                  </Avatar>
                  <Text size="sm" visibleFrom="sm">
                    {me?.name}
                  </Text>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{me?.email}</Menu.Label>
              <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} aria-hidden />}>
                {t('nav.profile')}
              </Menu.Item>
              <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
                {t('nav.signOut')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        <ScrollArea>
          {items
            .filter((i) => i.show)
            .map((i) => (
              <NavLink
                key={i.to}
                component={Link}
                to={i.to}
                label={i.label}
                leftSection={i.icon}
                active={i.to === '/' ? path === '/' : path.startsWith(i.to)}
                onClick={close}
              />
            ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
