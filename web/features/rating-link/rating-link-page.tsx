import { Alert, Button, Center, Loader, Stack, Text, Textarea } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../ui/api';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ScoreField } from '../../ui/score-field';
import { AuthLayout } from '../auth/auth-layout';
import { ratingLinkQuery, useRateByLink, type RatingLink } from './queries';

/**
 * The page behind the five rating links of a resolution mail: the score clicked is preselected, a
 * comment is optional, and only the submit button records the rating (opening the link never does:
 * mail scanners open links too). No sign-in: the signed link stands for this one ticket.
 */
export function RatingLinkPage() {
  const { t } = useTranslation();
  const { token } = useParams({ from: '/rate/$token' });
  const { score } = useSearch({ from: '/rate/$token' });
  const link = useQuery(ratingLinkQuery(token));
  const invalid = link.error instanceof ApiError && link.error.status < 500;
  return (
    <AuthLayout title={t('ratingLink.title')} subtitle={link.data ? `${link.data.ticket.ref} · ${link.data.ticket.title}` : undefined}>
      {link.isPending && (
        <Center py="md">
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        </Center>
      )}
      {invalid && (
        <>
          <Alert color="red" variant="light" role="alert">
            {t('ratingLink.invalid')}
          </Alert>
          <Button component={Link} to="/sign-in" variant="default">
            {t('ratingLink.toPortal')}
          </Button>
        </>
      )}
      {!invalid && <ErrorAlert error={link.error} />}
      {link.data && <RatingLinkForm token={token} link={link.data} preselected={score} />}
    </AuthLayout>
  );
}

function RatingLinkForm({ token, link, preselected }: { token: string; link: RatingLink; preselected?: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [score, setScore] = useState(preselected ?? link.rating?.score ?? 0);
  const [comment, setComment] = useState(link.rating?.comment ?? '');
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState(false);
  const rate = useRateByLink(token, { onSuccess: () => setDone(true) });
  const open = link.ticket.status !== 'resolved' && link.ticket.status !== 'closed';

  if (done && link.rating) {
    return (
      <Stack gap="sm">
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} aria-hidden />} role="status">
          {t('ratingLink.thanks', { score: link.rating.score })}
        </Alert>
        {link.rating.comment && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            “{link.rating.comment}”
          </Text>
        )}
        <Button component="a" href={`/tickets/${link.ticket.id}`} variant="default">
          {t('ratingLink.openTicket')}
        </Button>
      </Stack>
    );
  }
  if (open) {
    return (
      <Alert color="blue" variant="light" role="status">
        {t('ratingLink.notResolved')}
      </Alert>
    );
  }
  const submit = () => {
    if (score < 1) return setMissing(true);
    rate.mutate({ score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm">{t('ratingLink.question')}</Text>
        {link.rating && (
          <Text size="sm" c="dimmed" data-testid="rating-link-earlier">
            {t('ratingLink.earlier', { score: link.rating.score, when: fmt.dateTime(link.rating.createdAt) })}
          </Text>
        )}
        {!fieldError(rate.error, 'comment') && <ErrorAlert error={rate.error} />}
        <ScoreField
          id="rating-link-score"
          score={score}
          onChange={(v) => {
            setScore(v);
            setMissing(false);
          }}
          missing={missing}
          size="xl"
          legend={t('ratingLink.scoreLabel')}
          symbolLabel={(i) => t('ratingLink.symbol', { score: i })}
          meaning={(i) => t(`ratingLink.meaning.${i}`)}
          requiredText={t('ratingLink.required')}
        />
        <Textarea
          label={t('ratingLink.comment')}
          description={t('ratingLink.commentHint')}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={fieldError(rate.error, 'comment')}
        />
        <Button type="submit" loading={rate.isPending}>
          {link.rating ? t('ratingLink.change') : t('ratingLink.submit')}
        </Button>
      </Stack>
    </form>
  );
}
