import { ActionIcon, Badge, Box, Button, Divider, Group, Loader, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useNow } from '../../ui/format';
import { useLiveInvalidate } from '../../ui/live-events';
import { useMarkRead } from './mutations';
import { NotificationItem } from './notification-item';
import { NOTIFICATIONS_KEY, recentNotificationsQuery, type Notification } from './queries';

/**
 * The bell in the header: the unread count, and a popover with the newest notices (each a link to
 * its ticket), mark one or all read, and a link to the full list. A new notice arrives over the live
 * stream (`notification`), so the count changes without a reload.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const recent = useQuery(recentNotificationsQuery);
  useLiveInvalidate(['notification'], [NOTIFICATIONS_KEY]);
  const markRead = useMarkRead();
  const now = useNow();
  const unread = recent.data?.unreadCount ?? 0;
  const items = recent.data?.items ?? [];
  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    setOpened(false);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={380} withinPortal trapFocus returnFocus offset={6} withRoles={false}>
      <Popover.Target>
        <Box pos="relative">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            radius="xl"
            onClick={() => setOpened((o) => !o)}
            aria-label={t('bell.button', { count: unread })}
            aria-haspopup="dialog"
            aria-expanded={opened}
            data-testid="bell"
          >
            <IconBell size={20} aria-hidden />
          </ActionIcon>
          {unread > 0 && (
            <Badge
              size="xs"
              color="red"
              variant="filled"
              radius="xl"
              pos="absolute"
              top={-2}
              right={-4}
              px={5}
              style={{ pointerEvents: 'none', minWidth: 18 }}
              aria-hidden
              data-testid="bell-count"
            >
              {unread > 99 ? '99+' : unread}
            </Badge>
          )}
        </Box>
      </Popover.Target>
      <Popover.Dropdown p={0} maw="calc(100vw - 16px)" role="dialog" aria-label={t('bell.title')}>
        <Group justify="space-between" wrap="nowrap" px="md" pt="sm" pb="xs" gap="xs">
          <Text fw={600} size="sm">
            {t('bell.title')}
          </Text>
          {unread > 0 && (
            <Button size="compact-xs" variant="subtle" leftSection={<IconChecks size={14} aria-hidden />} onClick={() => markRead.mutate({ all: true })} loading={markRead.isPending && 'all' in (markRead.variables ?? {})}>
              {t('bell.markAllRead')}
            </Button>
          )}
        </Group>
        <Divider />
        <ScrollArea.Autosize mah="min(420px, 60vh)" type="auto">
          <Stack gap={0} px="sm" py={4}>
            {recent.isPending && (
              <Group justify="center" py="md">
                <Loader size="sm" role="status" aria-label={t('common.loading')} />
              </Group>
            )}
            <ErrorAlert error={recent.error ?? markRead.error} />
            {!recent.isPending && !recent.error && items.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="lg">
                {t('bell.empty')}
              </Text>
            )}
            {items.map((n, i) => (
              <Box key={n.id}>
                {i > 0 && <Divider variant="dotted" />}
                <NotificationItem
                  n={n}
                  now={now}
                  onOpen={open}
                  onMarkRead={(x) => markRead.mutate({ ids: [x.id] })}
                  markingRead={markRead.isPending && 'ids' in (markRead.variables ?? {}) && (markRead.variables as { ids: string[] }).ids.includes(n.id)}
                />
              </Box>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Divider />
        <Group justify="center" py="xs">
          <AnchorLink to="/notifications" size="sm" onClick={() => setOpened(false)}>
            {t('bell.seeAll')}
          </AnchorLink>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
