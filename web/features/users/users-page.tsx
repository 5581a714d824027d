import { Badge, Button, Card, Group, Select, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { IconSearch, IconShieldCheck, IconShieldX, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { can, useMe } from '../auth/queries';
import { InviteModal } from './invite-modal';
import { UserActions } from './user-actions';
import { usersQuery } from './queries';

const STATUS_COLOR = { active: 'teal', invited: 'blue', deactivated: 'gray' } as const;

/** The organisation's users: who they are, their role, second factor, last sign-in; admin actions. */
export function UsersPage({ orgId, orgName }: { orgId?: string; orgName?: string }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const fmt = useFormatDateTime();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [status, setStatus] = useState<string | null>(null);
  const [inviteOpen, invite] = useDisclosure();
  const users = useInfiniteQuery(usersQuery({ q: q || undefined, status: status ?? undefined, orgId }));
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const canInvite = can(me, 'users.invite') && (!orgId || orgId === me.org.id || can(me, 'users.manage_all'));
  return (
    <Page
      title={orgName ? t('users.titleOf', { org: orgName }) : t('nav.users')}
      description={t('users.description')}
      actions={
        canInvite && (
          <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={invite.open}>
            {t('users.invite')}
          </Button>
        )
      }
    >
      <Card withBorder padding="md">
        <Group mb="md" wrap="wrap">
          <TextInput aria-label={t('users.search')} placeholder={t('users.search')} leftSection={<IconSearch size={16} aria-hidden />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', sm: 280 }} />
          <Select
            aria-label={t('users.status')}
            placeholder={t('users.allStatuses')}
            clearable
            value={status}
            onChange={setStatus}
            data={(['active', 'invited', 'deactivated'] as const).map((s) => ({ value: s, label: t(`users.statuses.${s}`) }))}
            w={{ base: '100%', sm: 200 }}
          />
        </Group>
        <ErrorAlert error={users.error} />
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('users.secondFactor')}</Table.Th>
                <Table.Th>{t('users.lastSignIn')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {u.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`roles.${u.role}`)}</Text>
                    {u.grantedPermissions.map((p) => (
                      <Badge key={p} size="xs" variant="outline" mr={4}>
                        {t(`permissions.${p}.short`)}
                      </Badge>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOR[u.status]}>
                      {t(`users.statuses.${u.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {u.secondFactor ? (
                      <Tooltip label={t('users.mfaEnrolled')}>
                        <Group gap={4} c="teal.9" wrap="nowrap">
                          <IconShieldCheck size={16} aria-hidden />
                          <Text size="sm">{t('users.yes')}</Text>
                        </Group>
                      </Tooltip>
                    ) : (
                      <Group gap={4} c="red.9" wrap="nowrap">
                        <IconShieldX size={16} aria-hidden />
                        <Text size="sm">{t('users.no')}</Text>
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{u.lastSignInAt ? fmt(u.lastSignInAt) : t('profile.never')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <UserActions user={u} orgKind={orgId && orgId !== me.org.id ? 'customer' : me.org.kind} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {rows.length === 0 && !users.isPending && (
          <Text c="dimmed" size="sm" ta="center" py="md">
            {t('users.empty')}
          </Text>
        )}
        {users.hasNextPage && (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Group>
        )}
      </Card>
      <InviteModal opened={inviteOpen} onClose={invite.close} orgId={orgId} orgKind={orgId && orgId !== me.org.id ? 'customer' : me.org.kind} />
    </Page>
  );
}
