import { ActionIcon, Box, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/anchor-link';
import { useFormat } from '../../ui/format';
import type { Notification } from './queries';

type Props = {
  n: Notification;
  now: number;
  /** Called when the user follows the notice's link (mark it read, close the popover). */
  onOpen?: (n: Notification) => void;
  onMarkRead?: (n: Notification) => void;
  markingRead?: boolean;
  /** Show the body text under the title (the full page does; the popover keeps it short). */
  withBody?: boolean;
};

/**
 * One notice: an unread dot, its title (a link to the ticket), when, and the ticket reference; a
 * button marks an unread one read. Title and body are plain text from the server, shown as text.
 */
export function NotificationItem({ n, now, onOpen, onMarkRead, markingRead, withBody }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unread = !n.readAt;
  const title = (
    <Text size="sm" fw={unread ? 600 : 400} lineClamp={withBody ? undefined : 2} style={{ overflowWrap: 'anywhere' }} span>
      {n.title}
    </Text>
  );
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" py={6} data-testid="notification" data-unread={unread || undefined}>
      <Box
        mt={7}
        w={8}
        h={8}
        style={{ flex: 'none', borderRadius: '50%', background: unread ? 'var(--mantine-color-portico-filled)' : 'transparent' }}
        aria-hidden
      />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        {unread && <VisuallyHidden>{t('bell.unread')}</VisuallyHidden>}
        {n.ticket ? (
          <AnchorLink to="/tickets/$id" params={{ id: n.ticket.id }} c="inherit" underline="hover" onClick={() => onOpen?.(n)}>
            {title}
          </AnchorLink>
        ) : n.order ? (
          <AnchorLink to="/orders/$id" params={{ id: n.order.id }} c="inherit" underline="hover" onClick={() => onOpen?.(n)}>
            {title}
          </AnchorLink>
        ) : (
          title
        )}
        {withBody && n.body && (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }} lineClamp={3}>
            {n.body}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          <time dateTime={n.createdAt} title={fmt.dateTime(n.createdAt)}>
            {fmt.relative(n.createdAt, now)}
          </time>
          {n.ticket && !n.title.includes(n.ticket.ref) && ` · ${n.ticket.ref}`}
        </Text>
      </Stack>
      {unread && onMarkRead && (
        <Tooltip label={t('bell.markRead')} withinPortal>
          <ActionIcon variant="subtle" color="gray" size="sm" mt={2} onClick={() => onMarkRead(n)} loading={markingRead} aria-label={t('bell.markReadOf', { title: n.title })}>
            <IconCheck size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
