import { Button, Card, Group, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ScoreField } from '../../ui/score-field';
import { useCurrentUser } from '../auth/queries';
import { useRateTicket } from './mutations';
import { ratingQuery, worksTickets, type Rating as RatingDto, type Ticket } from './queries';

/**
 * Customer satisfaction (CSAT) on a resolved or closed ticket: the requester rates it 1–5 with an
 * optional comment (and may change it while the ticket can still be reopened); everybody else who
 * sees the ticket, staff included, sees the rating once given.
 */
export function RatingCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staff = worksTickets(me);
  const done = ticket.status === 'resolved' || ticket.status === 'closed';
  const rating = useQuery({ ...ratingQuery(ticket.id), enabled: done });
  const [editing, setEditing] = useState(false);
  if (!done || rating.isPending) return null;
  const given = rating.data?.rating ?? null;
  const mayRate = !staff && ticket.requester.id === me.id;
  const mayChange = mayRate && !!ticket.reopenUntil;
  if (!given && !mayRate) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-rating">
      <Title order={2} size="h4" id="ticket-rating" mb="xs">
        {staff ? t('ticketWork.rating.titleStaff') : t('ticketWork.rating.title')}
      </Title>
      <ErrorAlert error={rating.error} />
      {given && !editing ? (
        <GivenRating rating={given} mine={mayRate} onChange={mayChange ? () => setEditing(true) : undefined} />
      ) : (
        <RatingForm ticket={ticket} initial={given} onDone={() => setEditing(false)} onCancel={given ? () => setEditing(false) : undefined} />
      )}
    </Card>
  );
}

function GivenRating({ rating, mine, onChange }: { rating: RatingDto; mine: boolean; onChange?: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap">
        <Rating value={rating.score} readOnly aria-hidden />
        <Text size="sm" fw={500} data-testid="rating-score">
          {t('ticketWork.rating.score', { score: rating.score })}
        </Text>
      </Group>
      {rating.comment && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          “{rating.comment}”
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {mine ? t('ticketWork.rating.thanks', { when: fmt.dateTime(rating.createdAt) }) : t('ticketWork.rating.ratedAt', { when: fmt.dateTime(rating.createdAt) })}
      </Text>
      {onChange && (
        <Button variant="subtle" size="compact-sm" onClick={onChange} w="fit-content" px={0}>
          {t('ticketWork.rating.change')}
        </Button>
      )}
    </Stack>
  );
}

function RatingForm({ ticket, initial, onDone, onCancel }: { ticket: Ticket; initial: RatingDto | null; onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [score, setScore] = useState(initial?.score ?? 0);
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [missing, setMissing] = useState(false);
  const rate = useRateTicket(ticket.id, { onSuccess: onDone });
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
      <Stack gap="sm">
        <Text size="sm">{t('ticketWork.rating.question')}</Text>
        {!fieldError(rate.error, 'comment') && <ErrorAlert error={rate.error} />}
        <ScoreField
          id={`rating-${ticket.id}`}
          score={score}
          onChange={(v) => {
            setScore(v);
            setMissing(false);
          }}
          missing={missing}
          size="lg"
          legend={t('ticketWork.rating.scoreLabel')}
          symbolLabel={(i) => t('ticketWork.rating.symbol', { score: i })}
          meaning={(i) => t(`ticketWork.rating.meaning.${i}`)}
          requiredText={t('ticketWork.rating.required')}
        />
        <Textarea
          label={t('ticketWork.rating.comment')}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={fieldError(rate.error, 'comment')}
        />
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={rate.isPending}>
            {t('ticketWork.rating.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
