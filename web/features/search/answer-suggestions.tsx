import { Anchor, Card, Loader, Stack, Text, Title } from '@mantine/core';
import { IconBulb, IconExternalLink } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { MIN_QUERY, searchQuery, useDebounced } from './queries';
import { Snippet } from './snippet';

const DEFLECTIONS = '/api/v1/search/deflections';

/**
 * One visit of the new-ticket form (a draft): which suggested articles were opened, and whether the
 * ticket was submitted. Leaving the form (the page unmounts, or the tab is closed) without submitting
 * after opening one counts a deflection; submitting links the opened articles to the new ticket.
 */
export function useDeflectionDraft() {
  const draftId = useRef<string>(crypto.randomUUID()).current;
  const opened = useRef(new Set<string>());
  const submitted = useRef(false);
  useEffect(() => {
    const leave = () => {
      if (submitted.current || opened.current.size === 0) return;
      // keepalive: the request outlives a closing tab; same origin, so the session cookie and Origin go along.
      for (const articleId of opened.current)
        void fetch(DEFLECTIONS, { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ draftId, articleId, type: 'abandoned' }) }).catch(() => {});
      opened.current.clear();
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [draftId]);
  return {
    draftId,
    /** A suggestion was opened (in a new tab: the form stays as it was). */
    opened(articleId: string) {
      if (opened.current.has(articleId)) return;
      opened.current.add(articleId);
      void post(DEFLECTIONS, { draftId, articleId, type: 'opened' }).catch(() => {});
    },
    /** The ticket was created: the opened articles are linked to it instead of counting as deflections. */
    submitted(ticketId: string) {
      submitted.current = true;
      if (opened.current.size > 0) void post(`${DEFLECTIONS}/link`, { draftId, ticketId }).catch(() => {});
    },
  };
}
export type DeflectionDraft = ReturnType<typeof useDeflectionDraft>;

/**
 * Beside the new-ticket form: knowledge-base articles that match what the customer has typed so far
 * (title and description, debounced; the same search API, articles only). Each opens in a new tab.
 */
export function AnswerSuggestions({ title, description, draft }: { title: string; description: string; draft: DeflectionDraft }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  // The title says most; the description's first words add to it.
  const words = `${title} ${description.split(/\s+/).slice(0, 12).join(' ')}`.trim();
  const q = useDebounced(words, 400);
  const result = useQuery({ ...searchQuery(q, { kinds: ['article'], limit: 5, prefix: false, lang: i18n.language }), enabled: q.length >= MIN_QUERY + 1 });
  // Many words rarely all match one article: ask for the title's words alone when the whole asks too much.
  const byTitle = useQuery({ ...searchQuery(title, { kinds: ['article'], limit: 5, prefix: false, lang: i18n.language }), enabled: !!result.data && result.data.items.length === 0 && title.trim().length > MIN_QUERY });
  const hits = (result.data?.items.length ? result.data.items : byTitle.data?.items) ?? [];
  return (
    <Card withBorder padding="lg" radius="md" component="aside" aria-labelledby={headingId} className="portico-answer-suggestions">
      <Stack gap="sm">
        <Title order={2} size="h5" id={headingId}>
          <IconBulb size={18} aria-hidden style={{ verticalAlign: 'text-bottom', marginRight: 6 }} />
          {t('search.suggest.title')}
        </Title>
        {q.length <= MIN_QUERY ? (
          <Text size="sm" c="dimmed">
            {t('search.suggest.hint')}
          </Text>
        ) : result.isFetching && hits.length === 0 ? (
          <Loader size="sm" role="status" aria-label={t('search.suggest.loading')} />
        ) : hits.length === 0 ? (
          <Text size="sm" c="dimmed" role="status">
            {t('search.suggest.none')}
          </Text>
        ) : (
          <Stack gap="sm" role="list" aria-live="polite">
            {hits.map((h) => (
              <div key={h.id} role="listitem">
                <Anchor href={h.url} target="_blank" rel="noopener" fw={600} size="sm" onClick={() => draft.opened(h.id)} onAuxClick={() => draft.opened(h.id)}>
                  {h.title} <IconExternalLink size={14} aria-label={t('search.suggest.newTab')} style={{ verticalAlign: 'text-bottom' }} />
                </Anchor>
                <Snippet snippet={h.snippet} size="xs" />
              </div>
            ))}
            <Text size="xs" c="dimmed">
              {t('search.suggest.footer')}
            </Text>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
