import { Badge, Card, Chip, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconClock, IconFlame, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { localeTag } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { useCurrentUser } from '../auth/queries';
import { ItemIcon } from './icons';
import { catalogueQuery, formatPrice, type ItemSummaryDto } from './queries';

export type CatalogueSearch = { q?: string; category?: string };
export const parseCatalogueSearch = (s: Record<string, unknown>): CatalogueSearch => ({
  q: typeof s.q === 'string' && s.q.trim() ? s.q.slice(0, 100) : undefined,
  category: typeof s.category === 'string' && /^[0-9a-f-]{36}$/i.test(s.category) ? s.category : undefined,
});

/** Case- and accent-insensitive, as the server searches. */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** "4 h", "3 days": how long the provider needs. */
export function useLeadTime() {
  const { t } = useTranslation();
  return (hours: number | null) => (hours === null ? null : hours < 48 ? t('catalogue.hours', { n: hours }) : t('catalogue.days', { n: Math.round(hours / 24) }));
}

/** /catalogue: search, categories, popular items and every item the reader may order. */
export function CataloguePage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const search = useSearch({ strict: false }) as CatalogueSearch;
  const navigate = useNavigate();
  const q = search.q ?? '';
  const [debounced] = useDebouncedValue(q.trim(), 300);
  // The whole catalogue (for the client filter while typing), then the server's search (every language).
  const all = useQuery(catalogueQuery());
  const server = useQuery({ ...catalogueQuery(debounced), enabled: debounced.length > 1, placeholderData: keepPreviousData });
  const setSearch = (next: CatalogueSearch) => void navigate({ to: '/catalogue', search: next, replace: true });
  const staff = me.org.kind === 'provider';

  const data = all.data;
  const words = fold(q).split(/\s+/).filter(Boolean);
  const local = (i: ItemSummaryDto) => words.every((w) => fold(`${i.name} ${i.short}`).includes(w));
  const serverIds = debounced.length > 1 && server.data && !server.isPlaceholderData ? new Set(server.data.items.map((i) => i.id)) : null;
  const items = (data?.items ?? []).filter((i) => (!search.category || i.categoryId === search.category) && (!words.length || local(i) || !!serverIds?.has(i.id)));
  const popular = (data?.popular ?? []).map((id) => data!.items.find((i) => i.id === id)).filter((i): i is ItemSummaryDto => !!i);
  const browsing = !words.length && !search.category;

  return (
    <Page title={t('catalogue.title')} description={staff ? t('catalogue.staffDescription') : t('catalogue.description')}>
      <TextInput
        leftSection={<IconSearch size={16} aria-hidden />}
        placeholder={t('catalogue.searchPlaceholder')}
        aria-label={t('catalogue.search')}
        value={q}
        onChange={(e) => setSearch({ ...search, q: e.currentTarget.value || undefined })}
        size="md"
        maw={560}
        type="search"
      />
      {data && data.categories.length > 0 && (
        <Chip.Group multiple={false} value={search.category ?? 'all'} onChange={(v) => setSearch({ ...search, category: v === 'all' ? undefined : (v as string) })}>
          <Group gap="xs" role="group" aria-label={t('catalogue.categories')}>
            <Chip value="all" variant="outline">
              {t('catalogue.allCategories')}
            </Chip>
            {data.categories.map((c) => (
              <Chip key={c.id} value={c.id} variant="outline">
                {c.name}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      <ListState loading={all.isPending} empty={false} emptyText="" />
      <ErrorAlert error={all.error} />
      {data && browsing && popular.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="catalogue-popular">
          <Group gap={6}>
            <IconFlame size={18} aria-hidden color="var(--mantine-color-orange-6)" />
            <Title order={2} size="h4" id="catalogue-popular">
              {t('catalogue.popular')}
            </Title>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {popular.slice(0, 3).map((i) => (
              <ItemCard key={i.id} item={i} locale={localeTag(i18n.language)} />
            ))}
          </SimpleGrid>
        </Stack>
      )}
      {data && (
        <Stack gap="sm" component="section" aria-labelledby="catalogue-all">
          <Title order={2} size="h4" id="catalogue-all">
            {browsing ? t('catalogue.allItems') : t('catalogue.results', { n: items.length })}
          </Title>
          {items.length === 0 ? (
            <Card withBorder radius="md" padding="lg">
              <Text c="dimmed">{words.length ? t('catalogue.noMatch') : t('catalogue.empty')}</Text>
            </Card>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
              {items.map((i) => (
                <ItemCard key={i.id} item={i} locale={localeTag(i18n.language)} />
              ))}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </Page>
  );
}

function ItemCard({ item, locale }: { item: ItemSummaryDto; locale: string }) {
  const { t } = useTranslation();
  const lead = useLeadTime();
  const price = formatPrice(item.price, locale);
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component={Link}
      to={`/catalogue/${item.id}`}
      className="portico-card-link"
      style={{ display: 'flex', flexDirection: 'column', gap: 8, color: 'inherit', textDecoration: 'none' }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ItemIcon name={item.icon} />
        <Stack gap={2} miw={0}>
          <Text fw={600} component="h3" size="md" m={0}>
            {item.name}
          </Text>
          <Text size="sm" c="dimmed" lineClamp={2}>
            {item.short}
          </Text>
        </Stack>
      </Group>
      <Group gap="xs" mt="auto" pt={4}>
        {item.leadTimeHours !== null && (
          <Badge variant="light" color="gray" leftSection={<IconClock size={12} aria-hidden />} tt="none">
            {t('catalogue.leadTime', { time: lead(item.leadTimeHours) })}
          </Badge>
        )}
        <Badge variant="light" color={price ? 'portico' : 'gray'} tt="none">
          {price ?? t('catalogue.onQuote')}
        </Badge>
        {item.approvalRule !== 'none' && (
          <Badge variant="outline" color="gray" tt="none">
            {t('catalogue.needsApproval')}
          </Badge>
        )}
      </Group>
    </Card>
  );
}
