import { Badge, Box, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { IconBuilding, IconMapPin, IconServer } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { entitledQuery } from './queries';
import { nestRefs, pathInSite, type RefNode } from './tree';

/** Customers: "Our locations" — the sites, cages and racks the organisation may use (read-only). */
export function LocationsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { data } = useSuspenseQuery(entitledQuery());
  return (
    <Page title={t('sites.mine.title')} description={t('sites.mine.description', { org: me.org.name })}>
      {data.sites.length === 0 && (
        <Card withBorder padding="lg">
          <Text size="sm" c="dimmed">
            {t('sites.mine.none')}
          </Text>
        </Card>
      )}
      {data.sites.map((site) => {
        const items = data.items.filter((i) => i.siteId === site.id);
        const racks = items.filter((i) => i.kind === 'rack').length;
        return (
          <Card key={site.id} withBorder padding="lg" component="section" aria-labelledby={`site-${site.id}`}>
            <Stack gap="sm">
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <IconMapPin size={22} aria-hidden style={{ flexShrink: 0, marginTop: 2, color: 'var(--mantine-color-portico-7, var(--mantine-color-blue-7))' }} />
                <div style={{ minWidth: 0 }}>
                  <Title order={2} size="h4" id={`site-${site.id}`}>
                    {site.code} · {site.name}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {[site.address, site.country].filter(Boolean).join(' · ')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('sites.mine.timeZone', { tz: site.timeZone })} · {t('sites.mine.counts', { locations: items.length - racks, racks })}
                  </Text>
                </div>
              </Group>
              <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('sites.mine.listOf', { name: `${site.code} · ${site.name}` })}>
                {nestRefs(items).map((n) => (
                  <RefItem key={n.ref.id} node={n} depth={0} />
                ))}
              </Box>
            </Stack>
          </Card>
        );
      })}
    </Page>
  );
}

function RefItem({ node, depth }: { node: RefNode; depth: number }) {
  const { t } = useTranslation();
  const { ref } = node;
  const rack = ref.kind === 'rack';
  const racks = node.children.filter((c) => c.ref.kind === 'rack');
  const places = node.children.filter((c) => c.ref.kind !== 'rack');
  return (
    <li>
      <Group gap={8} wrap="nowrap" py={6} pl={depth * 20} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }} align="flex-start">
        {rack ? <IconServer size={16} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} /> : <IconBuilding size={16} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />}
        <div style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {ref.name}
            </Text>
            <Badge size="xs" variant="light">
              {t(`sites.kinds.${ref.kind}`)}
            </Badge>
          </Group>
          {depth === 0 && (
            <Text size="xs" c="dimmed">
              {pathInSite(ref)}
            </Text>
          )}
          {racks.length > 0 && (
            <Group gap={6} mt={4}>
              <Text size="xs" c="dimmed">
                {t('sites.mine.racks')}
              </Text>
              {racks.map((r) => (
                <Badge key={r.ref.id} size="sm" variant="outline" color="gray" tt="none" leftSection={<IconServer size={12} aria-hidden />}>
                  {r.ref.code}
                </Badge>
              ))}
            </Group>
          )}
        </div>
      </Group>
      {places.length > 0 && (
        <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {places.map((c) => (
            <RefItem key={c.ref.id} node={c} depth={depth + 1} />
          ))}
        </Box>
      )}
    </li>
  );
}
