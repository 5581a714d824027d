import { Anchor, Card, Chip, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { Page } from '../../ui/page';
import { groupHits } from './header-search';
import { KindIcon } from './kind-icon';
import { isSearchKind, MIN_QUERY, SEARCH_KINDS, searchQuery, useDebounced, type SearchKind } from './queries';
import { Snippet } from './snippet';

/** /search?q=&kinds=: the address bar holds the query and the kinds picked. */
export type SearchPageSearch = { q?: string; kinds?: string };
export const parseSearchPageSearch = (s: Record<string, unknown>): SearchPageSearch => ({
  q: typeof s.q === 'string' ? s.q.slice(0, 200) : undefined,
  kinds: typeof s.kinds === 'string' && s.kinds.split(',').every(isSearchKind) ? s.kinds : undefined,
});

/** The full results page: every kind the caller may search, filterable, grouped by kind. */
export function SearchPage({ search }: { search: SearchPageSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const [text, setText] = useState(search.q ?? '');
  useEffect(() => setText(search.q ?? ''), [search.q]);
  const debounced = useDebounced(text, 300);
  useEffect(() => {
    if (debounced !== (search.q ?? '')) void navigate({ to: '/search', search: { ...search, q: debounced || undefined }, replace: true });
  }, [debounced]); // eslint-disable-line react-hooks/exhaustive-deps
  const kinds = (search.kinds?.split(',').filter(isSearchKind) ?? []) as SearchKind[];
  const q = search.q ?? '';
  const result = useQuery(searchQuery(q, { kinds, limit: 25, prefix: false }));
  const groups = result.data && q.trim().length >= MIN_QUERY ? groupHits(result.data.items) : [];
  const setKinds = (next: string[]) => void navigate({ to: '/search', search: { ...search, kinds: next.length ? next.join(',') : undefined }, replace: true });
  return (
    <Page title={t('search.title')} description={t('search.description')}>
      <Stack gap="md">
        <TextInput
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          label={t('search.placeholder')}
          placeholder={t('search.placeholder')}
          leftSection={<IconSearch size={18} aria-hidden />}
          rightSection={result.isFetching ? <Loader size={16} /> : null}
          maxLength={200}
          size="md"
          type="search"
        />
        <Chip.Group multiple value={kinds} onChange={setKinds}>
          <Group gap="xs" role="group" aria-label={t('search.filterKinds')}>
            {SEARCH_KINDS.map((k) => (
              <Chip key={k} value={k} size="sm" variant="outline">
                {t(`search.kinds.${k}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <ErrorAlert error={result.error} />
        {q.trim().length < MIN_QUERY ? (
          <Text c="dimmed">{t('search.typeToSearch')}</Text>
        ) : result.data && groups.length === 0 ? (
          <Text c="dimmed" role="status">
            {t('search.nothingFoundFor', { q })}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" role="status">
            {result.data ? t('search.count', { count: result.data.items.length }) : ''}
          </Text>
        )}
        {groups.map((g) => (
          <section key={g.kind} aria-labelledby={`search-group-${g.kind}`}>
            <Group gap="xs" mb="xs">
              <KindIcon kind={g.kind} />
              <Text component="h2" fw={600} size="lg" id={`search-group-${g.kind}`}>
                {t(`search.kinds.${g.kind}`)} ({g.hits.length})
              </Text>
            </Group>
            <Stack gap="xs">
              {g.hits.map((h) => (
                <Card key={h.id} withBorder padding="sm" radius="md">
                  <Anchor component={Link} to={h.url} fw={600}>
                    {h.ref ? `${h.ref} · ${h.title}` : h.title}
                  </Anchor>
                  <Snippet snippet={h.snippet} mt={4} />
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('search.updated', { date: f.date(h.updatedAt) })}
                  </Text>
                </Card>
              ))}
            </Stack>
          </section>
        ))}
      </Stack>
    </Page>
  );
}
