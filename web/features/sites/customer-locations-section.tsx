import { Badge, Box, Button, Card, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntitlementDto, RackDto } from '../../../contracts/sites';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, useErrorMessage } from '../../ui/errors';
import { formatDate } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { can, useCurrentUser } from '../auth/queries';
import { useGrantEntitlement, useRevokeEntitlement } from './mutations';
import { entitledQuery, entitlementsQuery, sitesTreeQuery } from './queries';
import { nestTree, nodeMatches, pathInSite, siteMatches, type LocationNode } from './tree';

/**
 * On a customer's page (provider staff): the locations and racks the organisation is entitled to.
 * Provider admins grant and revoke them in the tree; each change is audited.
 */
export function CustomerLocationsSection({ orgId, orgName }: { orgId: string; orgName: string }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const staff = can(me, 'orgs.read_all');
  const manages = can(me, 'orgs.manage', 'sites.manage');
  const list = useQuery({ ...entitlementsQuery(orgId), enabled: staff });
  const covered = useQuery({ ...entitledQuery(orgId), enabled: staff });
  const revoke = useRevokeEntitlement(orgId);
  const [picking, setPicking] = useState(false);
  const [revoking, setRevoking] = useState<EntitlementDto | null>(null);
  if (!staff) return null;
  const items = list.data?.items ?? [];
  return (
    <Card withBorder padding="lg" maw={1200} mx="auto" mt="lg" component="section" aria-labelledby="customer-locations-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <div style={{ flex: '1 1 280px', minWidth: 0 }}>
            <Title order={2} size="h4" id="customer-locations-title">
              {t('sites.customer.title')}
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              {t('sites.customer.text', { name: orgName })}
            </Text>
          </div>
          {manages && <Button onClick={() => setPicking(true)}>{t('sites.customer.change')}</Button>}
        </Group>
        <ErrorAlert error={list.error} />
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={300}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sites.customer.place')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('sites.customer.granted')}</Table.Th>
                  {manages && (
                    <Table.Th>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Group gap={6} wrap="wrap">
                        <Text size="sm" fw={500}>
                          {e.target.siteCode} · {e.target.name}
                        </Text>
                        <Badge size="xs" variant="light">
                          {t(`sites.kinds.${e.target.kind}`)}
                        </Badge>
                      </Group>
                      <Text size="xs" c="dimmed">
                        {pathInSite(e.target)}
                      </Text>
                      <Text size="xs" c="dimmed" hiddenFrom="sm">
                        {t('sites.customer.grantedOn', { date: formatDate(e.grantedAt, i18n.language, me.timeZone), name: e.grantedBy?.name ?? '—' })}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <Text size="sm">{formatDate(e.grantedAt, i18n.language, me.timeZone)}</Text>
                      {e.grantedBy && (
                        <Text size="xs" c="dimmed">
                          {e.grantedBy.name}
                        </Text>
                      )}
                    </Table.Td>
                    {manages && (
                      <Table.Td ta="right">
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(e)} aria-label={t('sites.customer.revokeOf', { path: e.target.path })}>
                          {t('sites.customer.revoke')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <ListState loading={list.isPending} empty={!!list.data && items.length === 0} emptyText={t('sites.customer.none', { name: orgName })} />
        {covered.data && items.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('sites.customer.covers', { locations: covered.data.items.filter((i) => i.kind !== 'rack').length, racks: covered.data.items.filter((i) => i.kind === 'rack').length })}
          </Text>
        )}
      </Stack>
      <ConfirmModal
        opened={!!revoking}
        onClose={() => setRevoking(null)}
        title={t('sites.customer.revokeOf', { path: revoking?.target.path ?? '' })}
        message={t('sites.customer.revokeText', { name: orgName })}
        confirmLabel={t('sites.customer.revoke')}
        onConfirm={() => revoke.mutateAsync(revoking!.id).then(() => notifications.show({ color: 'teal', message: t('sites.customer.revoked', { path: revoking!.target.path }) }))}
      />
      {manages && (
        <Modal opened={picking} onClose={() => setPicking(false)} title={t('sites.customer.pickTitle', { name: orgName })} size="xl">
          {picking && <EntitlementTree orgId={orgId} entitlements={items} />}
        </Modal>
      )}
    </Card>
  );
}

/** The provider's tree with a checkbox per location and rack: ticked = entitled; below an entitled location everything is included. */
function EntitlementTree({ orgId, entitlements }: { orgId: string; entitlements: EntitlementDto[] }) {
  const { t } = useTranslation();
  const tree = useQuery(sitesTreeQuery);
  const grant = useGrantEntitlement(orgId);
  const revoke = useRevokeEntitlement(orgId);
  const message = useErrorMessage();
  const [q, setQ] = useState('');
  const byTarget = new Map(entitlements.map((e) => [e.target.id, e]));
  const busy = grant.isPending || revoke.isPending;
  const toggle = (kind: 'location' | 'rack', id: string, path: string) => {
    const existing = byTarget.get(id);
    const done = { onError: (e: unknown) => notifications.show({ color: 'red', message: message(e) }) };
    if (existing) revoke.mutate(existing.id, { ...done, onSuccess: () => notifications.show({ color: 'teal', message: t('sites.customer.revoked', { path }) }) });
    else grant.mutate(kind === 'rack' ? { rackId: id } : { locationId: id }, { ...done, onSuccess: () => notifications.show({ color: 'teal', message: t('sites.customer.grantedTo', { path }) }) });
  };
  const regions = tree.data ? nestTree(tree.data) : [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('sites.customer.pickText')}
      </Text>
      <TextInput leftSection={<IconSearch size={16} aria-hidden />} label={t('sites.admin.search')} placeholder={t('sites.admin.searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-autofocus />
      <ErrorAlert error={tree.error} />
      <ListState loading={tree.isPending} empty={!!tree.data && regions.length === 0} emptyText={t('sites.admin.empty')} />
      {regions.flatMap(({ region, sites }) =>
        sites
          .filter((s) => siteMatches(s.site, q) || s.roots.some((r) => nodeMatches(r, q)))
          .map(({ site, roots }) => (
            <Box key={site.id} component="fieldset" p="sm" m={0} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)' }}>
              <Text component="legend" size="sm" fw={600} px={4}>
                {region.name} › {site.code} · {site.name}
                {!site.active && ` (${t('sites.inactive')})`}
              </Text>
              <Stack gap={2}>
                {roots
                  .filter((r) => siteMatches(site, q) || nodeMatches(r, q))
                  .map((r) => (
                    <CheckNode key={r.location.id} node={r} depth={0} q={siteMatches(site, q) ? '' : q} byTarget={byTarget} includedBy={null} inactive={!site.active || !region.active} busy={busy} onToggle={toggle} />
                  ))}
              </Stack>
            </Box>
          )),
      )}
    </Stack>
  );
}

type CheckProps = { depth: number; q: string; byTarget: Map<string, EntitlementDto>; includedBy: string | null; inactive: boolean; busy: boolean; onToggle(kind: 'location' | 'rack', id: string, path: string): void };

function CheckNode({ node, depth, q, byTarget, includedBy, inactive, busy, onToggle }: { node: LocationNode } & CheckProps) {
  const { t } = useTranslation();
  const l = node.location;
  const direct = byTarget.has(l.id);
  const off = inactive || !l.active;
  const below = includedBy ?? (direct ? l.name : null);
  return (
    <>
      <Box pl={depth * 22}>
        <Checkbox
          size="sm"
          checked={direct || !!includedBy}
          disabled={!!includedBy || busy || (off && !direct)}
          onChange={() => onToggle('location', l.id, l.path)}
          label={
            <Group gap={6} wrap="wrap" component="span">
              <Text span size="sm" fw={direct ? 600 : 400} c={off ? 'dimmed' : undefined}>
                {l.name}
              </Text>
              <Text span size="xs" c="dimmed">
                {t(`sites.kinds.${l.kind}`)}
              </Text>
              {includedBy && (
                <Text span size="xs" c="dimmed">
                  {t('sites.customer.includedBy', { name: includedBy })}
                </Text>
              )}
              {!l.active && (
                <Badge size="xs" variant="light" color="gray">
                  {t('sites.inactive')}
                </Badge>
              )}
            </Group>
          }
        />
      </Box>
      {node.children
        .filter((c) => nodeMatches(c, q))
        .map((c) => (
          <CheckNode key={c.location.id} node={c} depth={depth + 1} q={q} byTarget={byTarget} includedBy={below} inactive={off} busy={busy} onToggle={onToggle} />
        ))}
      {node.racks.map((r) => (
        <RackCheck key={r.id} rack={r} depth={depth + 1} byTarget={byTarget} includedBy={below} inactive={off} busy={busy} onToggle={onToggle} />
      ))}
    </>
  );
}

function RackCheck({ rack, depth, byTarget, includedBy, inactive, busy, onToggle }: { rack: RackDto } & Omit<CheckProps, 'q'>) {
  const { t } = useTranslation();
  const direct = byTarget.has(rack.id);
  const off = inactive || !rack.active;
  return (
    <Box pl={depth * 22}>
      <Checkbox
        size="sm"
        checked={direct || !!includedBy}
        disabled={!!includedBy || busy || (off && !direct)}
        onChange={() => onToggle('rack', rack.id, rack.path)}
        label={
          <Group gap={6} wrap="wrap" component="span">
            <Text span size="sm" fw={direct ? 600 : 400} c={off ? 'dimmed' : undefined}>
              {rack.code}
            </Text>
            <Text span size="xs" c="dimmed">
              {t('sites.kinds.rack')}
            </Text>
            {includedBy && (
              <Text span size="xs" c="dimmed">
                {t('sites.customer.includedBy', { name: includedBy })}
              </Text>
            )}
          </Group>
        }
      />
    </Box>
  );
}
