import { Alert, Anchor, Badge, Button, Card, Code, Group, Modal, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState, LoadMore } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { useRetryMail } from './mutations';
import { mailQuery, type Mail } from './queries';

const STATUS_COLOR: Record<string, string> = { sent: 'teal', failed: 'red', kept: 'blue' };

/** The text of a mail with its web links clickable (nothing else is interpreted). */
function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"')\]]+)/g);
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <Anchor key={i} href={p} target="_blank" rel="noopener noreferrer">
            {p}
          </Anchor>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </Text>
  );
}

/** Provider admins: what Portico sent or kept (without an SMTP server, mail stays here). */
export function MailPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const mail = useInfiniteQuery(mailQuery);
  const [open, setOpen] = useState<Mail | null>(null);
  const rows = mail.data?.pages.flatMap((p) => p.items) ?? [];
  const status = (s: string) => t(`mail.statuses.${s}`, { defaultValue: s });
  const retry = useRetryMail({ onSuccess: (m) => setOpen(m) });
  return (
    <Page title={t('nav.mail')} description={t('mail.description')}>
      <Card withBorder padding="md">
        <ErrorAlert error={mail.error} />
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mail.time')}</Table.Th>
                <Table.Th>{t('mail.to')}</Table.Th>
                <Table.Th>{t('mail.subject')}</Table.Th>
                <Table.Th>{t('mail.template')}</Table.Th>
                <Table.Th>{t('mail.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(m.createdAt)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{m.to}</Table.Td>
                  <Table.Td>
                    <UnstyledButton onClick={() => setOpen(m)} c="portico.8" fz="sm" td="underline" ta="left">
                      {m.subject}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <Code fz="xs">{m.template}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOR[m.status] ?? 'gray'}>
                      {status(m.status)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <ListState loading={mail.isPending} empty={rows.length === 0} emptyText={t('mail.empty')} />
        <LoadMore hasMore={mail.hasNextPage} loading={mail.isFetchingNextPage} onLoad={() => void mail.fetchNextPage()} />
      </Card>
      <Modal opened={!!open} onClose={() => setOpen(null)} title={open?.subject} size="lg">
        {open && (
          <Stack gap="sm">
            <Group gap="xs" wrap="wrap">
              <Text size="sm">
                <Text span fw={600} size="sm">
                  {t('mail.to')}:
                </Text>{' '}
                {open.to}
              </Text>
              <Badge variant="light" color={STATUS_COLOR[open.status] ?? 'gray'}>
                {status(open.status)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {t('mail.created', { when: fmt.dateTime(open.createdAt) })}
              {open.sentAt && ` · ${t('mail.sent', { when: fmt.dateTime(open.sentAt) })}`}
              {open.attempts > 0 && ` · ${t('mail.attempts', { count: open.attempts })}`}
            </Text>
            {open.error && (
              <Alert color={open.status === 'failed' ? 'red' : 'yellow'} title={t(open.status === 'failed' ? 'mail.failedTitle' : 'mail.retryingTitle')}>
                <Stack gap="xs">
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {open.error}
                  </Text>
                  {open.nextAttemptAt && <Text size="sm">{t('mail.nextAttempt', { when: fmt.dateTime(open.nextAttemptAt) })}</Text>}
                  {open.status === 'failed' && (
                    <Group>
                      <Button size="xs" leftSection={<IconRefresh size={16} aria-hidden />} loading={retry.isPending} onClick={() => retry.mutate(open.id)}>
                        {t('mail.retry')}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Alert>
            )}
            <ErrorAlert error={retry.error} />
            <Paper withBorder p="md" bg="gray.0">
              <MailText text={open.text} />
            </Paper>
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
