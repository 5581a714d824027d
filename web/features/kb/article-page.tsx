import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Grid, Group, Stack, Text, Textarea, Title, Typography } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { IconLanguage, IconPaperclip, IconPencil, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dot } from './dot';
import { AnchorLink } from '../../ui/anchor-link';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/page';
import { StatusBadge } from '../tickets/ticket-parts';
import { kbApi, kbArticleQuery, kbAttachmentUrl, type KbArticleDto } from './queries';

const LANG_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch', nb: 'Norsk bokmål', ru: 'Русский' };

function Rating({ article }: { article: KbArticleDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [answer, setAnswer] = useState<boolean | null>(article.myRating);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const rate = useMutation({
    mutationFn: (v: { helpful: boolean; comment?: string }) => kbApi.rate(article.id, v.helpful, v.comment),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['kb', 'article', article.id] });
    },
  });
  if (!article.abilities.rate) return null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="kb-rate-title">
      <Title order={2} size="h5" id="kb-rate-title" mb="xs">
        {t('kb.reader.didThisHelp')}
      </Title>
      <Group gap="xs">
        <Button
          variant={answer === true ? 'filled' : 'default'}
          leftSection={<IconThumbUp size={16} aria-hidden />}
          aria-pressed={answer === true}
          onClick={() => {
            setAnswer(true);
            setSent(false);
            rate.mutate({ helpful: true });
          }}
        >
          {t('kb.reader.yes')}
        </Button>
        <Button
          variant={answer === false ? 'filled' : 'default'}
          leftSection={<IconThumbDown size={16} aria-hidden />}
          aria-pressed={answer === false}
          onClick={() => {
            setAnswer(false);
            setSent(false);
            rate.mutate({ helpful: false });
          }}
        >
          {t('kb.reader.no')}
        </Button>
      </Group>
      {answer !== null && !sent && (
        <Stack gap="xs" mt="sm">
          <Textarea label={t('kb.reader.commentLabel')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
          <Group>
            <Button size="xs" variant="light" disabled={!comment.trim()} loading={rate.isPending} onClick={() => rate.mutate({ helpful: answer, comment: comment.trim() }, { onSuccess: () => setSent(true) })}>
              {t('kb.reader.sendComment')}
            </Button>
          </Group>
        </Stack>
      )}
      {(sent || (rate.isSuccess && answer !== null)) && (
        <Text size="sm" c="dimmed" mt="xs" role="status">
          {t('kb.reader.thanks')}
        </Text>
      )}
      <ErrorAlert error={rate.error} />
    </Card>
  );
}

/**
 * A known error's tickets as far as the reader may see them: staff the problem and every linked incident,
 * a customer the incidents of their own organisation that they may see (never the provider's problem).
 */
function KnownErrorTickets({ article: a }: { article: KbArticleDto }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="kb-problem-title" data-testid="kb-known-error-tickets">
      <Title order={2} size="h5" id="kb-problem-title" mb="xs">
        {a.problem ? t('kb.reader.problem') : t('kb.reader.yourTickets')}
      </Title>
      {a.problem && (
        <Text size="sm" mb="xs">
          {t('kb.reader.problemTicket')}{' '}
          <AnchorLink to="/tickets/$id" params={{ id: a.problem.id }} size="sm">
            {a.problem.ref}
          </AnchorLink>
        </Text>
      )}
      {a.incidents.length > 0 && (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {a.incidents.map((i) => (
            <li key={i.id}>
              <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
                <AnchorLink to="/tickets/$id" params={{ id: i.id }} size="sm" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
                  {i.ref} · {i.title}
                </AnchorLink>
                <StatusBadge status={i.status} />
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** One article: the reader's language (or the main language, with a note), rating, related articles, attachments. */
export function ArticlePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const q = useQuery(kbArticleQuery(id, i18n.language));
  usePageTitle(q.data?.title ?? t('kb.title'));
  if (q.error) return <ErrorAlert error={q.error} />;
  const a = q.data;
  if (!a) return null;
  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Breadcrumbs separatorMargin={6}>
        <AnchorLink to="/kb" size="sm">
          {t('kb.title')}
        </AnchorLink>
        {a.category && (
          <AnchorLink to="/kb" search={{ category: a.category.id }} size="sm">
            {a.category.title}
          </AnchorLink>
        )}
      </Breadcrumbs>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder padding="lg" component="article" lang={a.lang}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
              <Title order={1} size="h2">
                {a.title}
              </Title>
              {a.abilities.edit && (
                <Button component={Link} to="/kb/manage/$id" params={{ id: a.id } as never} variant="light" size="xs" leftSection={<IconPencil size={14} aria-hidden />} style={{ flexShrink: 0 }}>
                  {t('kb.reader.edit')}
                </Button>
              )}
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t('kb.reader.meta', { updated: fmt.date(a.updatedAt), reviewed: fmt.date(a.lastReviewedAt), views: a.viewCount })}
            </Text>
            {a.kind === 'known_error' && (
              <Badge variant="default" leftSection={<Dot color="red.9" />} mt="xs">
                {t('kb.knownError')}
              </Badge>
            )}
            {a.fallback && (
              <Alert color="blue" variant="light" mt="md" icon={<IconLanguage size={18} aria-hidden />} data-testid="kb-fallback">
                {t('kb.reader.fallback', { language: LANG_NAMES[a.lang] ?? a.lang })}
              </Alert>
            )}
            <Typography mt="md">
              <div className="kb-body" data-testid="kb-body" dangerouslySetInnerHTML={{ __html: a.html }} />
            </Typography>
            {a.tags.length > 0 && (
              <Group gap={6} mt="md">
                {a.tags.map((tag) => (
                  <Badge key={tag} variant="default" size="sm">
                    {tag}
                  </Badge>
                ))}
              </Group>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Rating key={a.id} article={a} />
            {a.attachments.length > 0 && (
              <Card withBorder padding="md" component="section" aria-labelledby="kb-files-title">
                <Title order={2} size="h5" id="kb-files-title" mb="xs">
                  {t('kb.reader.attachments')}
                </Title>
                <Stack gap={4}>
                  {a.attachments.map((f) => (
                    <Anchor key={f.id} href={kbAttachmentUrl(a.id, f.id)} download={f.filename} size="sm" style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
                      <IconPaperclip size={14} aria-hidden />
                      {f.filename}
                    </Anchor>
                  ))}
                </Stack>
              </Card>
            )}
            {a.related.length > 0 && (
              <Card withBorder padding="md" component="section" aria-labelledby="kb-related-title">
                <Title order={2} size="h5" id="kb-related-title" mb="xs">
                  {t('kb.reader.related')}
                </Title>
                <Stack gap={4}>
                  {a.related.map((r) => (
                    <AnchorLink key={r.id} to="/kb/articles/$id" params={{ id: r.id }} size="sm">
                      {r.title}
                    </AnchorLink>
                  ))}
                </Stack>
              </Card>
            )}
            {a.kind === 'known_error' && (a.problem || a.incidents.length > 0) && <KnownErrorTickets article={a} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
