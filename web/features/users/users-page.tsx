import { Badge, Button, Card, Group, Select, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconSearch, IconShieldCheck, IconShieldX, IconUserPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { InviteModal } from './invite-modal';
import { USER_STATUSES, usersQuery, type UserSearch } from './queries';
import { UserActions } from './user-actions';

const STATUS_COLOR = { active: 'teal', invited: 'blue', deactivated: 'gray' } as const;
const route = getRouteApi('/_app/users');

/** /users: the people of the caller's own organisation. */
export function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  return (
    <UsersView
      title={t('nav.users')}
      filters={search}
      onFilters={(f) => void navigate({ search: f, replace: true })}
      org={{ id: me.org.id, name: me.org.name, kind: me.org.kind }}
    />
  );
}

type Props = {
  title: string;
  description?: ReactNode;
  filters: UserSearch;
  onFilters: (f: UserSearch) => void;
  org: { id: string; name: string; kind: 'provider' | 'customer' };
  /** Set when provider staff look at another organisation's users. */
  orgId?: string;
};

/** A searchable, filterable, paged user table with invitation and row actions. */
export function UsersView({ title, description, filters, onFilters, org, orgId }: Props) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const [text, setText] = useState(filters.q ?? '');
  const setQuery = useDebouncedCallback((q: string) => onFilters({ ...filters, q: q.trim() || undefined }), 300);
  const [inviteOpen, invite] = useDisclosure();
  const users = useInfiniteQuery(usersQuery({ ...filters, orgId }));
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const canInvite = can(me, 'users.invite') && (org.id === me.org.id || can(me, 'users.manage_all'));
  const filtered = !!(filters.q || filters.status);
  // A reader without any row action (a provider agent) gets no empty "Actions" column.
  const anyActions = canInvite || rows.some((u) => u.abilities.changeRole || u.abilities.deactivate || u.abilities.delegate);
  return (
    <Page
      title={title}
      description={description ?? t('users.description')}
      actions={
        canInvite && (
          <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={invite.open}>
            {t('users.invite')}
          </Button>
        )
      }
    >
      <Card withBorder padding="md">
        <Group mb="md" wrap="wrap" gap="sm" role="search" aria-label={t('users.filters')}>
          <TextInput
            aria-label={t('users.search')}
            placeholder={t('users.search')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setQuery(e.currentTarget.value);
            }}
            w={{ base: '100%', sm: 280 }}
            type="search"
          />
          <Select
            aria-label={t('users.status')}
            placeholder={t('users.allStatuses')}
            clearable
            value={filters.status ?? null}
            onChange={(v) => onFilters({ ...filters, status: USER_STATUSES.find((s) => s === v) })}
            data={USER_STATUSES.map((s) => ({ value: s, label: t(`users.statuses.${s}`) }))}
            w={{ base: '100%', sm: 200 }}
          />
        </Group>
        <ErrorAlert error={users.error} />
        <Table.ScrollContainer minWidth={780}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('users.secondFactor')}</Table.Th>
                <Table.Th>{t('users.lastSignIn')}</Table.Th>
                {anyActions && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {u.name}
                      {u.id === me.id && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          ({t('users.you')})
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`roles.${u.role}`)}</Text>
                    <Group gap={4} mt={2}>
                      {u.grantedPermissions.map((p) => (
                        <Tooltip key={p} label={t(`permissions.${p}.description`)} withArrow>
                          <Badge size="xs" variant="outline" tabIndex={0}>
                            {t(`permissions.${p}.short`)}
                          </Badge>
                        </Tooltip>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOR[u.status]}>
                      {t(`users.statuses.${u.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {u.secondFactor ? (
                      <Group gap={4} c="teal.9" wrap="nowrap">
                        <IconShieldCheck size={16} aria-hidden />
                        <Text size="sm">{t('users.mfaYes')}</Text>
                      </Group>
                    ) : (
                      <Group gap={4} c={u.status === 'active' ? 'red.9' : 'dimmed'} wrap="nowrap">
                        <IconShieldX size={16} aria-hidden />
                        <Text size="sm">{t('users.mfaNo')}</Text>
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{u.lastSignInAt ? fmt.dateTime(u.lastSignInAt) : t('profile.never')}</Text>
                  </Table.Td>
                  {anyActions && (
                    <Table.Td>
                      <UserActions user={u} orgKind={org.kind} canInvite={canInvite} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <ListState loading={users.isPending} empty={rows.length === 0} emptyText={filtered ? t('users.empty') : t('users.none')} />
        <LoadMore hasMore={users.hasNextPage} loading={users.isFetchingNextPage} onLoad={() => void users.fetchNextPage()} />
      </Card>
      <InviteModal opened={inviteOpen} onClose={invite.close} orgId={orgId} orgKind={org.kind} orgName={org.name} />
    </Page>
  );
}
