import { Alert, Anchor, Badge, Button, Card, Group, Modal, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post, qs } from '../../ui/api';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { can, useMe } from '../auth/queries';
import { UsersPage } from '../users/users-page';

type Org = { id: string; name: string; slug: string; kind: 'provider' | 'customer'; mfaRequired: boolean; status: string; createdAt: string; userCount: number };

const orgsQuery = (q?: string) =>
  infiniteQueryOptions({
    queryKey: ['orgs', q ?? ''],
    queryFn: ({ pageParam }) => get<{ items: Org[]; nextCursor: string | null }>(`/api/v1/orgs${qs({ q, cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

function CreateOrgModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useForm({ initialValues: { name: '', adminName: '', adminEmail: '' } });
  const create = useMutation({
    mutationFn: (v: typeof form.values) => post<Org>('/api/v1/orgs', { name: v.name, admin: { name: v.adminName, email: v.adminEmail } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['orgs'] }),
  });
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('orgs.create')}>
      {create.isSuccess ? (
        <Stack>
          <Alert color="teal" variant="light" role="status">
            {t('orgs.created', { name: create.data.name })}
          </Alert>
          <Button onClick={close}>{t('common.done')}</Button>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
          <Stack gap="sm">
            <ErrorAlert error={create.error} />
            <TextInput label={t('orgs.name')} required {...form.getInputProps('name')} error={fieldError(create.error, 'name')} />
            <TextInput label={t('orgs.adminName')} required {...form.getInputProps('adminName')} error={fieldError(create.error, 'admin.name')} />
            <TextInput label={t('orgs.adminEmail')} type="email" required {...form.getInputProps('adminEmail')} error={fieldError(create.error, 'admin.email')} />
            <Button type="submit" loading={create.isPending}>
              {t('orgs.createAndInvite')}
            </Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function MfaModal({ org, onClose }: { org: Org | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const set = useMutation({
    mutationFn: () => patch<Org>(`/api/v1/orgs/${org!.id}/mfa`, org!.mfaRequired ? { mfaRequired: false, reason } : { mfaRequired: true }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['orgs'] });
      setReason('');
      onClose();
    },
  });
  return (
    <Modal opened={!!org} onClose={onClose} title={org?.mfaRequired ? t('orgs.relaxTitle', { name: org?.name }) : t('orgs.requireTitle', { name: org?.name })}>
      <Stack gap="sm">
        <Text size="sm">{org?.mfaRequired ? t('orgs.relaxText') : t('orgs.requireText')}</Text>
        <ErrorAlert error={set.error} />
        {org?.mfaRequired && <Textarea label={t('orgs.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(set.error, 'reason')} minRows={2} />}
        <Button color={org?.mfaRequired ? 'red' : undefined} onClick={() => set.mutate()} loading={set.isPending}>
          {org?.mfaRequired ? t('orgs.relax') : t('orgs.require')}
        </Button>
      </Stack>
    </Modal>
  );
}

/** Provider staff: the customer organisations, their users, and the second-factor requirement. */
export function CustomersPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const fmt = useFormatDateTime();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [createOpen, create] = useDisclosure();
  const [mfaOrg, setMfaOrg] = useState<Org | null>(null);
  const orgs = useInfiniteQuery(orgsQuery(q || undefined));
  const rows = orgs.data?.pages.flatMap((p) => p.items) ?? [];
  const manage = can(me, 'orgs.manage');
  return (
    <Page
      title={t('nav.customers')}
      description={t('orgs.description')}
      actions={manage && <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={create.open}>{t('orgs.create')}</Button>}
    >
      <Card withBorder padding="md">
        <TextInput mb="md" aria-label={t('orgs.search')} placeholder={t('orgs.search')} leftSection={<IconSearch size={16} aria-hidden />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', sm: 280 }} />
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
                    <Anchor component={Link} to="/customers/$orgId" params={{ orgId: o.id } as never} fw={500}>
                      {o.name}
                    </Anchor>{' '}
                    {o.kind === 'provider' && <Badge size="xs" variant="light">{t('orgs.provider')}</Badge>}
                  </Table.Td>
                  <Table.Td>{o.userCount}</Table.Td>
                  <Table.Td>
                    {o.kind === 'customer' && manage ? (
                      <Switch checked={o.mfaRequired} onChange={() => setMfaOrg(o)} label={o.mfaRequired ? t('orgs.required') : t('orgs.relaxed')} aria-label={t('orgs.mfaFor', { name: o.name })} />
                    ) : (
                      <Text size="sm">{o.mfaRequired ? t('orgs.required') : t('orgs.relaxed')}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{fmt(o.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {orgs.hasNextPage && (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void orgs.fetchNextPage()} loading={orgs.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Group>
        )}
      </Card>
      <CreateOrgModal opened={createOpen} onClose={create.close} />
      <MfaModal org={mfaOrg} onClose={() => setMfaOrg(null)} />
    </Page>
  );
}

/** One customer's users, for provider staff. */
export function CustomerUsersPage() {
  const { orgId } = useParams({ strict: false }) as { orgId: string };
  const org = useQuery({ queryKey: ['orgs', 'one', orgId], queryFn: () => get<Org>(`/api/v1/orgs/${orgId}`) });
  if (!org.data) return <ErrorAlert error={org.error} />;
  return <UsersPage orgId={orgId} orgName={org.data.name} />;
}
