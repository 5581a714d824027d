import { ActionIcon, Badge, Box, Button, Card, Group, Menu, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconBuilding, IconChevronDown, IconChevronRight, IconDots, IconMapPin, IconPlus, IconSearch, IconServer } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocationDto, RackDto, RegionDto, SiteDto, SitesTreeDto } from '../../../contracts/sites';
import { AnchorLink } from '../../ui/anchor-link';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, useErrorMessage } from '../../ui/errors';
import { ListState } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { useDeletePlace, useSetPlaceActive, type PlaceType } from './mutations';
import { PlaceModal, type PlaceEdit } from './place-modal';
import { sitesTreeQuery } from './queries';
import { nestTree, nodeMatches, siteMatches, type LocationNode, type SiteNode } from './tree';

type Target = { type: PlaceType; id: string; label: string; active: boolean };

/** Provider admins: regions → sites → locations → racks, with create/edit dialogs, deactivate and delete. */
export function SitesAdminPage() {
  const { t } = useTranslation();
  const tree = useQuery(sitesTreeQuery);
  const [q, setQ] = useState('');
  const [edit, setEdit] = useState<PlaceEdit | null>(null);
  const [deleting, setDeleting] = useState<Target | null>(null);
  const remove = useDeletePlace();
  const setActive = useSetPlaceActive();
  const message = useErrorMessage();
  const toggle = (x: Target) =>
    setActive.mutate(
      { type: x.type, id: x.id, active: !x.active },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t(x.active ? 'sites.deactivated' : 'sites.activated', { name: x.label }) }),
        onError: (e) => notifications.show({ color: 'red', message: message(e) }),
      },
    );
  const regions = tree.data ? nestTree(tree.data) : [];
  const holders = new Map<string, Holder[]>();
  for (const h of tree.data?.holders ?? []) holders.set(h.targetId, [...(holders.get(h.targetId) ?? []), h]);
  const actions = { onEdit: setEdit, onToggle: toggle, onDelete: setDeleting, holders };
  return (
    <Page
      title={t('sites.admin.title')}
      description={t('sites.admin.description')}
      actions={
        <Group gap="sm">
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEdit({ type: 'region' })}>
            {t('sites.admin.addRegion')}
          </Button>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEdit({ type: 'site' })} disabled={!tree.data?.regions.length}>
            {t('sites.admin.addSite')}
          </Button>
        </Group>
      }
    >
      <TextInput
        leftSection={<IconSearch size={16} aria-hidden />}
        label={t('sites.admin.search')}
        placeholder={t('sites.admin.searchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={420}
      />
      <ErrorAlert error={tree.error} />
      <ListState loading={tree.isPending} empty={!!tree.data && regions.length === 0} emptyText={t('sites.admin.empty')} />
      {tree.data &&
        regions.map(({ region, sites }) => {
          const shown = sites.filter((s) => siteMatches(s.site, q) || s.roots.some((r) => nodeMatches(r, q)));
          if (q.trim() && shown.length === 0) return null;
          return (
            <Card key={region.id} withBorder padding="md" component="section" aria-labelledby={`region-${region.id}`}>
              <Stack gap="sm">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <Title order={2} size="h4" id={`region-${region.id}`} c={region.active ? undefined : 'dimmed'}>
                        {region.name}
                      </Title>
                      {region.code.toLowerCase() !== region.name.toLowerCase() && (
                        <Text size="sm" c="dimmed">
                          {region.code}
                        </Text>
                      )}
                      {!region.active && <InactiveBadge />}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {t('sites.admin.siteCount', { n: sites.length })}
                    </Text>
                  </div>
                  <PlaceMenu label={region.name}>
                    <Menu.Item onClick={() => setEdit({ type: 'region', existing: region })}>{t('sites.actions.edit')}</Menu.Item>
                    <Menu.Item onClick={() => setEdit({ type: 'site', regionId: region.id })}>{t('sites.actions.addSite')}</Menu.Item>
                    <ToggleDelete target={{ type: 'region', id: region.id, label: region.name, active: region.active }} {...actions} />
                  </PlaceMenu>
                </Group>
                {shown.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('sites.admin.noSites')}
                  </Text>
                )}
                {shown.map((s) => (
                  <SiteBlock key={s.site.id} node={s} region={region} tree={tree.data} q={siteMatches(s.site, q) ? '' : q} {...actions} />
                ))}
              </Stack>
            </Card>
          );
        })}
      {tree.data && <PlaceModal edit={edit} tree={tree.data} onClose={() => setEdit(null)} />}
      <ConfirmModal
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        title={t('sites.delete.title', { name: deleting?.label ?? '' })}
        message={t('sites.delete.text')}
        confirmLabel={t('sites.actions.delete')}
        onConfirm={() => remove.mutateAsync({ type: deleting!.type, id: deleting!.id }).then(() => notifications.show({ color: 'teal', message: t('sites.deleted', { name: deleting!.label }) }))}
      />
    </Page>
  );
}

type Holder = { orgId: string; orgName: string };
type Actions = { onEdit(e: PlaceEdit): void; onToggle(x: Target): void; onDelete(x: Target): void; holders: Map<string, Holder[]> };

/** The customers entitled to a place directly, linked to their customer page (wide screens). */
function Holders({ list }: { list: Holder[] | undefined }) {
  const { t } = useTranslation();
  if (!list?.length) return null;
  return (
    <Text size="xs" c="dimmed" visibleFrom="sm" truncate style={{ minWidth: 0 }}>
      {t('sites.admin.heldBy')}{' '}
      {list.map((h, i) => (
        <span key={h.orgId}>
          {i > 0 && ', '}
          <AnchorLink to="/customers/$orgId" params={{ orgId: h.orgId }} size="xs">
            {h.orgName}
          </AnchorLink>
        </span>
      ))}
    </Text>
  );
}

const InactiveBadge = () => {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color="gray">
      {t('sites.inactive')}
    </Badge>
  );
};

function PlaceMenu({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('sites.actions.menu', { name: label })}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}

function ToggleDelete({ target, onToggle, onDelete }: { target: Target } & Actions) {
  const { t } = useTranslation();
  return (
    <>
      <Menu.Divider />
      <Menu.Item onClick={() => onToggle(target)}>{target.active ? t('sites.actions.deactivate') : t('sites.actions.activate')}</Menu.Item>
      <Menu.Item color="red" onClick={() => onDelete(target)}>
        {t('sites.actions.delete')}
      </Menu.Item>
    </>
  );
}

function SiteBlock({ node, region, tree, q, ...actions }: { node: SiteNode; region: RegionDto; tree: SitesTreeDto; q: string } & Actions) {
  const { t } = useTranslation();
  const { site } = node;
  const roots = node.roots.filter((r) => nodeMatches(r, q));
  return (
    <Box p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)' }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <IconMapPin size={20} aria-hidden style={{ flexShrink: 0, marginTop: 2, color: 'var(--mantine-color-portico-7, var(--mantine-color-blue-7))' }} />
          <div style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Title order={3} size="h5" c={site.active && region.active ? undefined : 'dimmed'}>
                {site.code} · {site.name}
              </Title>
              {!site.active && <InactiveBadge />}
            </Group>
            <Text size="sm" c="dimmed">
              {[site.address, site.country, site.timeZone].filter(Boolean).join(' · ')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('sites.admin.siteCounts', { locations: tree.locations.filter((l) => l.siteId === site.id).length, racks: node.racks })}
            </Text>
          </div>
        </Group>
        <PlaceMenu label={`${site.code} · ${site.name}`}>
          <Menu.Item onClick={() => actions.onEdit({ type: 'site', existing: site })}>{t('sites.actions.edit')}</Menu.Item>
          <Menu.Item onClick={() => actions.onEdit({ type: 'location', siteId: site.id, parentId: null })}>{t('sites.actions.addLocation')}</Menu.Item>
          <Menu.Item onClick={() => actions.onEdit({ type: 'rack', siteId: site.id })} disabled={!tree.locations.some((l) => l.siteId === site.id)}>
            {t('sites.actions.addRack')}
          </Menu.Item>
          <ToggleDelete target={{ type: 'site', id: site.id, label: `${site.code} · ${site.name}`, active: site.active }} {...actions} />
        </PlaceMenu>
      </Group>
      {roots.length > 0 ? (
        <Box component="ul" aria-label={t('sites.admin.treeOf', { name: `${site.code} · ${site.name}` })} mt="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {roots.map((r) => (
            <LocationItem key={r.location.id} node={r} site={site} depth={0} q={q} inactiveAbove={!site.active} {...actions} />
          ))}
        </Box>
      ) : (
        <Text size="sm" c="dimmed" mt="xs">
          {t('sites.admin.noLocations')}
        </Text>
      )}
    </Box>
  );
}

const KIND_COLOR: Record<LocationDto['kind'], string> = { building: 'indigo', floor: 'grape', room: 'cyan', cage: 'teal', suite: 'orange' };

function LocationItem({ node, site, depth, q, inactiveAbove, ...actions }: { node: LocationNode; site: SiteDto; depth: number; q: string; inactiveAbove: boolean } & Actions) {
  const { t } = useTranslation();
  const { location: l } = node;
  const hasChildren = node.children.length > 0 || node.racks.length > 0;
  const [open, setOpen] = useState(depth < 2);
  const expanded = open || !!q.trim();
  const dim = !l.active || inactiveAbove;
  const children = node.children.filter((c) => nodeMatches(c, q));
  const Row = hasChildren ? UnstyledButton : Box;
  return (
    <li>
      <Group justify="space-between" wrap="nowrap" gap="xs" py={4} pl={depth * 20} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Row {...(hasChildren ? { onClick: () => setOpen(!open), 'aria-expanded': expanded, title: t(expanded ? 'sites.admin.collapse' : 'sites.admin.expand', { name: l.name }) } : {})} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="nowrap">
            <Box w={16} style={{ flexShrink: 0, display: 'flex' }}>
              {hasChildren && (expanded ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />)}
            </Box>
            <IconBuilding size={16} aria-hidden style={{ flexShrink: 0, color: 'var(--mantine-color-gray-6)' }} />
            <Text size="sm" fw={500} c={dim ? 'dimmed' : undefined} truncate>
              {l.name}
            </Text>
            <Text size="xs" c="dimmed" visibleFrom="xs">
              {l.code}
            </Text>
            <Badge size="xs" variant="light" color={KIND_COLOR[l.kind]} style={{ flexShrink: 0 }}>
              {t(`sites.kinds.${l.kind}`)}
            </Badge>
            {!l.active && <InactiveBadge />}
          </Group>
        </Row>
        <Holders list={actions.holders.get(l.id)} />
        <PlaceMenu label={l.path}>
          <Menu.Item onClick={() => actions.onEdit({ type: 'location', existing: l, siteId: site.id })}>{t('sites.actions.editMove')}</Menu.Item>
          <Menu.Item onClick={() => actions.onEdit({ type: 'location', siteId: site.id, parentId: l.id })}>{t('sites.actions.addInside')}</Menu.Item>
          <Menu.Item onClick={() => actions.onEdit({ type: 'rack', siteId: site.id, locationId: l.id })}>{t('sites.actions.addRack')}</Menu.Item>
          <ToggleDelete target={{ type: 'location', id: l.id, label: l.path, active: l.active }} {...actions} />
        </PlaceMenu>
      </Group>
      {hasChildren && expanded && (
        <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {children.map((c) => (
            <LocationItem key={c.location.id} node={c} site={site} depth={depth + 1} q={q} inactiveAbove={dim} {...actions} />
          ))}
          {node.racks.map((r) => (
            <RackItem key={r.id} rack={r} site={site} depth={depth + 1} inactiveAbove={dim} {...actions} />
          ))}
        </Box>
      )}
    </li>
  );
}

function RackItem({ rack, site, depth, inactiveAbove, ...actions }: { rack: RackDto; site: SiteDto; depth: number; inactiveAbove: boolean } & Actions) {
  const { t } = useTranslation();
  const facts = [t('sites.admin.units', { n: rack.units }), rack.powerKw !== null ? t('sites.admin.power', { kw: rack.powerKw }) : null].filter(Boolean).join(' · ');
  return (
    <li>
      <Group justify="space-between" wrap="nowrap" gap="xs" py={4} pl={depth * 20} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Box w={16} style={{ flexShrink: 0 }} />
          <IconServer size={16} aria-hidden style={{ flexShrink: 0, color: 'var(--mantine-color-gray-6)' }} />
          <Text size="sm" c={!rack.active || inactiveAbove ? 'dimmed' : undefined} style={{ whiteSpace: 'nowrap' }}>
            {rack.code}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {facts}
          </Text>
          {!rack.active && <InactiveBadge />}
        </Group>
        <Holders list={actions.holders.get(rack.id)} />
        <PlaceMenu label={rack.path}>
          <Menu.Item onClick={() => actions.onEdit({ type: 'rack', existing: rack, siteId: site.id })}>{t('sites.actions.editMove')}</Menu.Item>
          <ToggleDelete target={{ type: 'rack', id: rack.id, label: rack.code, active: rack.active }} {...actions} />
        </PlaceMenu>
      </Group>
    </li>
  );
}
