import { Badge, Button, Card, Group, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { can, useCurrentUser } from '../auth/queries';
import { CreateOrgModal } from './create-org-modal';
import { MfaModal } from './mfa-modal';
import { orgsQuery, type Org } from './queries';

const route = getRouteApi('/_app/customers');

/** Provider staff: the customer organisations, their users, and the second-factor requirement. */
export function CustomersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search.q ?? '');
  const setQuery = useDebouncedCallback((q: string) => void navigate({ search: { q: q.trim() || undefined }, replace: true }), 300);
  const [createOpen, create] = useDisclosure();
  const [mfaOrg, setMfaOrg] = useState<Org | null>(null);
  const orgs = useInfiniteQuery(orgsQuery(search));
  const rows = orgs.data?.pages.flatMap((p) => p.items) ?? [];
  const manage = can(me, 'orgs.manage');
  return (
    <Page
      title={t('nav.customers')}
      description={t('orgs.description')}
      actions={
        manage && (
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={create.open}>
            {t('orgs.create')}
          </Button>
        )
      }
    >
      <Card withBorder padding="md">
        <Group mb="md" role="search" aria-label={t('orgs.search')}>
          <TextInput
            aria-label={t('orgs.search')}
            placeholder={t('orgs.search')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={text}
            type="search"
            onChange={(e) => {
              setText(e.currentTarget.value);
              setQuery(e.currentTarget.value);
            }}
            w={{ base: '100%', sm: 280 }}
          />
        </Group>
        <ErrorAlert error={orgs.error} />
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orgs.name')}</Table.Th>
                <Table.Th>{t('orgs.users')}</Table.Th>
                <Table.Th>{t('orgs.mfa')}</Table.Th>
                <Table.Th>{t('common.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {o.kind === 'customer' ? (
                        <AnchorLink to="/customers/$orgId" params={{ orgId: o.id }} fw={500} size="sm">
                          {o.name}
                        </AnchorLink>
                      ) : (
                        <AnchorLink to="/users" fw={500} size="sm">
                          {o.name}
                        </AnchorLink>
                      )}
                      {o.kind === 'provider' && (
                        <Badge size="xs" variant="light">
                          {t('orgs.provider')}
                        </Badge>
                      )}
                      {o.status !== 'active' && (
                        <Badge size="xs" variant="light" color="gray">
                          {t(`orgs.statuses.${o.status}`, { defaultValue: o.status })}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{o.userCount}</Table.Td>
                  <Table.Td>
                    {o.kind === 'customer' && manage ? (
                      <Switch
                        checked={o.mfaRequired}
                        onChange={() => setMfaOrg(o)}
                        label={o.mfaRequired ? t('orgs.required') : t('orgs.relaxed')}
                        aria-label={t('orgs.mfaFor', { name: o.name })}
                        color={o.mfaRequired ? undefined : 'orange'}
                      />
                    ) : (
                      <Text size="sm">{o.mfaRequired ? t('orgs.required') : t('orgs.relaxed')}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{fmt.date(o.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <ListState loading={orgs.isPending} empty={rows.length === 0} emptyText={t('orgs.empty')} />
        <LoadMore hasMore={orgs.hasNextPage} loading={orgs.isFetchingNextPage} onLoad={() => void orgs.fetchNextPage()} />
      </Card>
      <CreateOrgModal opened={createOpen} onClose={create.close} />
      {mfaOrg && <MfaModal org={mfaOrg} onClose={() => setMfaOrg(null)} />}
    </Page>
  );
}
