import { Button, Card, Divider, SegmentedControl, Stack } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconChecks } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useNow } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { useMarkRead } from './mutations';
import { NotificationItem } from './notification-item';
import { notificationsQuery } from './queries';

const route = getRouteApi('/_app/notifications');

/** Every notification of mine, newest first, page by page; all or only the unread ones. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useInfiniteQuery(notificationsQuery(search));
  const markRead = useMarkRead();
  const now = useNow();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unreadCount ?? 0;
  return (
    <Page
      title={t('bell.title')}
      description={t('bell.unreadCount', { count: unread })}
      actions={
        <Button variant="default" leftSection={<IconChecks size={16} aria-hidden />} disabled={unread === 0} onClick={() => markRead.mutate({ all: true })} loading={markRead.isPending && 'all' in (markRead.variables ?? {})}>
          {t('bell.markAllRead')}
        </Button>
      }
    >
      <SegmentedControl
        aria-label={t('bell.show')}
        value={search.show ?? 'all'}
        onChange={(v) => void navigate({ search: { show: v === 'unread' ? 'unread' : undefined }, replace: true })}
        data={[
          { value: 'all', label: t('bell.all') },
          { value: 'unread', label: t('bell.onlyUnread') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <ErrorAlert error={list.error ?? markRead.error} />
      <Card withBorder padding="md">
        <Stack gap={0}>
          {items.map((n, i) => (
            <Fragment key={n.id}>
              {i > 0 && <Divider />}
              <NotificationItem
                n={n}
                now={now}
                withBody
                onOpen={(x) => !x.readAt && markRead.mutate({ ids: [x.id] })}
                onMarkRead={(x) => markRead.mutate({ ids: [x.id] })}
                markingRead={markRead.isPending && 'ids' in (markRead.variables ?? {}) && (markRead.variables as { ids: string[] }).ids.includes(n.id)}
              />
            </Fragment>
          ))}
          <ListState loading={list.isPending} empty={!list.isPending && !list.error && items.length === 0} emptyText={search.show === 'unread' ? t('bell.noneUnread') : t('bell.empty')} />
        </Stack>
      </Card>
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
    </Page>
  );
}
