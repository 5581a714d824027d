import { Anchor, Badge, Card, Grid, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { IconFolder, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { MIN_QUERY, searchQuery, useDebounced } from '../search/queries';
import { Snippet } from '../search/snippet';
import { kbHomeQuery, kbListQuery, type KbArticleSummary, type KbCategoryDto } from './queries';

export type KbHomeSearch = { category?: string; q?: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const parseKbHomeSearch = (s: Record<string, unknown>): KbHomeSearch => ({
  category: typeof s.category === 'string' && UUID.test(s.category) ? s.category : undefined,
  q: typeof s.q === 'string' && s.q.trim() ? s.q.slice(0, 200) : undefined,
});

function ArticleList({ items, empty }: { items: KbArticleSummary[]; empty: string }) {
  const fmt = useFormat();
  if (!items.length) return <Text size="sm" c="dimmed">{empty}</Text>;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((a) => (
        <li key={a.id}>
          <AnchorLink to="/kb/articles/$id" params={{ id: a.id }} fw={500} size="sm">
            {a.title}
          </AnchorLink>
          <Text size="xs" c="dimmed">
            {[a.category?.title, fmt.date(a.updatedAt)].filter(Boolean).join(' · ')}
          </Text>
        </li>
      ))}
    </Stack>
  );
}

function CategoryTree({ categories, parentId, selected, depth = 0 }: { categories: KbCategoryDto[]; parentId: string | null; selected?: string; depth?: number }) {
  // Readers see the branches that hold something they may read.
  const total = (id: string): number => categories.filter((c) => c.parentId === id).reduce((n, c) => n + total(c.id), categories.find((c) => c.id === id)?.articleCount ?? 0);
  const children = categories.filter((c) => c.parentId === parentId && total(c.id) > 0);
  if (!children.length) return null;
  return (
    <ul className="kb-tree" data-depth={depth}>
      {children.map((c) => (
        <li key={c.id}>
          <Group gap={6} wrap="nowrap">
            <IconFolder size={16} aria-hidden color="var(--mantine-color-dimmed)" />
            <AnchorLink to="/kb" search={{ category: c.id }} size="sm" fw={selected === c.id ? 700 : 400} aria-current={selected === c.id ? 'page' : undefined}>
              {c.name}
            </AnchorLink>
            <Text size="xs" c="dimmed">
              {total(c.id)}
            </Text>
          </Group>
          <CategoryTree categories={categories} parentId={c.id} selected={selected} depth={depth + 1} />
        </li>
      ))}
    </ul>
  );
}

/** The knowledge base's home: search, the category tree, most viewed and recently updated articles. */
export function KbHomePage() {
  const { t, i18n } = useTranslation();
  const route = getRouteApi('/_kb/kb');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const onSearch = (s: KbHomeSearch) => void navigate({ search: s, replace: true });
  const lang = i18n.language;
  const home = useQuery(kbHomeQuery(lang));
  const [text, setText] = useState(search.q ?? '');
  const debounced = useDebounced(text, 250);
  const found = useQuery(searchQuery(debounced, { kinds: ['article'], limit: 20, lang }));
  const inCategory = useQuery({ ...kbListQuery({ categoryId: search.category, lang }), enabled: !!search.category });
  const category = home.data?.categories.find((c) => c.id === search.category);
  const searching = debounced.trim().length >= MIN_QUERY;
  return (
    <Page title={t('kb.title')} description={t('kb.description')}>
      <TextInput
        leftSection={<IconSearch size={16} aria-hidden />}
        placeholder={t('kb.searchPlaceholder')}
        aria-label={t('kb.searchLabel')}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onSearch({ ...search, q: e.currentTarget.value || undefined });
        }}
        size="md"
        data-testid="kb-search"
      />
      <ErrorAlert error={home.error ?? found.error} />
      {searching ? (
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="sm">
            {t('kb.results')}
          </Title>
          <ListState loading={found.isFetching && !found.data} empty={!!found.data && found.data.items.length === 0} emptyText={t('kb.noResults')} />
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {found.data?.items.map((h) => (
              <li key={h.id} data-testid="kb-hit">
                <Group gap="xs" wrap="nowrap">
                  <AnchorLink to="/kb/articles/$id" params={{ id: h.id }} fw={500}>
                    {h.title}
                  </AnchorLink>
                  {h.lang && h.lang !== lang && (
                    <Badge size="xs" variant="default">
                      {h.lang.toUpperCase()}
                    </Badge>
                  )}
                </Group>
                <Snippet snippet={h.snippet} />
              </li>
            ))}
          </Stack>
        </Card>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="sm">
                {t('kb.categories')}
              </Title>
              {home.data && <CategoryTree categories={home.data.categories} parentId={null} selected={search.category} />}
              {search.category && (
                <AnchorLink to="/kb" size="xs" mt="sm" display="inline-block">
                  {t('kb.allCategories')}
                </AnchorLink>
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            {search.category ? (
              <Card withBorder padding="md">
                <Title order={2} size="h4" mb="sm">
                  {category?.name ?? t('kb.categories')}
                </Title>
                <ArticleList items={inCategory.data?.items ?? []} empty={inCategory.isPending ? '' : t('kb.emptyCategory')} />
              </Card>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                <Card withBorder padding="md">
                  <Title order={2} size="h4" mb="sm">
                    {t('kb.mostViewed')}
                  </Title>
                  <ArticleList items={home.data?.mostViewed ?? []} empty={home.isPending ? '' : t('kb.noArticles')} />
                </Card>
                <Card withBorder padding="md">
                  <Title order={2} size="h4" mb="sm">
                    {t('kb.recentlyUpdated')}
                  </Title>
                  <ArticleList items={home.data?.recentlyUpdated ?? []} empty={home.isPending ? '' : t('kb.noArticles')} />
                </Card>
              </SimpleGrid>
            )}
          </Grid.Col>
        </Grid>
      )}
    </Page>
  );
}
