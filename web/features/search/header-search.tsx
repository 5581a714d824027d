import { ActionIcon, Group, Kbd, Loader, Text, UnstyledButton } from '@mantine/core';
import { Spotlight, spotlight } from '@mantine/spotlight';
import '@mantine/spotlight/styles.css';
import './search.css';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KindIcon } from './kind-icon';
import { MIN_QUERY, searchQuery, useDebounced, type SearchHit, type SearchKind } from './queries';
import { Snippet } from './snippet';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Hits grouped by kind, groups in the order of their best hit (the server sorts the hits). */
export function groupHits(items: SearchHit[]): { kind: SearchKind; hits: SearchHit[] }[] {
  const groups = new Map<SearchKind, SearchHit[]>();
  for (const h of items) groups.set(h.kind, [...(groups.get(h.kind) ?? []), h]);
  return [...groups].map(([kind, hits]) => ({ kind, hits }));
}

/**
 * The header's search: a button (Ctrl/Cmd+K) opening Mantine's Spotlight, which asks the search API
 * as the user types (debounced), shows hits grouped by kind with highlighted snippets, and leads to
 * the full results page.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const q = useDebounced(query, 200);
  const result = useQuery(searchQuery(q, { limit: 5 }));
  const ready = q.trim().length >= MIN_QUERY;
  const groups = ready && result.data ? groupHits(result.data.items) : [];
  const showAll = () => {
    spotlight.close();
    void navigate({ to: '/search', search: { q: query.trim() } });
  };
  return (
    <>
      <UnstyledButton onClick={spotlight.open} className="portico-search-button" visibleFrom="sm" aria-label={t('search.open')}>
        <Group gap="xs" wrap="nowrap">
          <IconSearch size={16} aria-hidden />
          <Text size="sm" c="dimmed">
            {t('search.placeholderShort')}
          </Text>
          <Kbd size="xs">{isMac ? '⌘ K' : 'Ctrl K'}</Kbd>
        </Group>
      </UnstyledButton>
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={spotlight.open} hiddenFrom="sm" aria-label={t('search.open')}>
        <IconSearch size={20} aria-hidden />
      </ActionIcon>
      {/* The dialog's accessible name: a title that is not shown (aria-labelledby reads hidden text too). */}
      <Spotlight.Root
        query={query}
        onQueryChange={setQuery}
        shortcut={['mod + K']}
        scrollable
        maxHeight="70vh"
        clearQueryOnClose={false}
        title={t('search.open')}
        styles={{ header: { display: 'none' } }}
      >
        <Spotlight.Search
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          leftSection={result.isFetching ? <Loader size={16} /> : <IconSearch size={18} aria-hidden />}
          onKeyDown={(e) => {
            // Enter with nothing picked: the full results page.
            if (e.key === 'Enter' && !document.querySelector('.mantine-Spotlight-action[data-selected]') && query.trim().length >= MIN_QUERY) showAll();
          }}
        />
        <Spotlight.ActionsList aria-label={t('search.results')}>
          {groups.map((g) => (
            <Spotlight.ActionsGroup key={g.kind} label={t(`search.kinds.${g.kind}`)}>
              {g.hits.map((h) => (
                <Spotlight.Action
                  key={`${h.kind}:${h.id}`}
                  onClick={() => void navigate({ to: h.url })}
                  aria-label={h.ref ? `${h.ref} ${h.title}` : h.title}
                >
                  <Group wrap="nowrap" w="100%" gap="sm">
                    <KindIcon kind={h.kind} />
                    <div style={{ minWidth: 0, flex: 1 }}>
                      <Text size="sm" fw={500} truncate>
                        {h.ref ? `${h.ref} · ${h.title}` : h.title}
                      </Text>
                      <Snippet snippet={h.snippet} size="xs" lineClamp={1} />
                    </div>
                  </Group>
                </Spotlight.Action>
              ))}
            </Spotlight.ActionsGroup>
          ))}
          {ready && result.data && groups.length === 0 && <Spotlight.Empty>{t('search.nothingFound')}</Spotlight.Empty>}
          {!ready && <Spotlight.Empty>{t('search.typeToSearch')}</Spotlight.Empty>}
          {result.isError && <Spotlight.Empty>{t('search.failed')}</Spotlight.Empty>}
        </Spotlight.ActionsList>
        {ready && (
          <Spotlight.Footer>
            <UnstyledButton onClick={showAll} className="portico-search-all">
              <Text size="sm" c="portico.8" fw={500}>
                {t('search.showAll', { q: query.trim() })}
              </Text>
            </UnstyledButton>
          </Spotlight.Footer>
        )}
      </Spotlight.Root>
    </>
  );
}
