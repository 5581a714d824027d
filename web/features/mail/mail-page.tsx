import { Anchor, Badge, Button, Card, Group, Modal, Table, Text } from '@mantine/core';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';

type Mail = { id: string; to: string; subject: string; text: string; template: string; status: string; createdAt: string; sentAt: string | null };

const mailQuery = infiniteQueryOptions({
  queryKey: ['mail'],
  queryFn: ({ pageParam }) => get<{ items: Mail[]; nextCursor: string | null }>(`/api/v1/mail${qs({ cursor: pageParam, limit: 50 })}`),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

/** The text of a mail with its links clickable. */
function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts.map((p, i) => (/^https?:\/\//.test(p) ? <Anchor key={i} href={p}>{p}</Anchor> : <Fragment key={i}>{p}</Fragment>))}
    </Text>
  );
}

/** Provider admins: what Portico sent or kept (without SMTP, mail stays here). */
export function MailPage() {
  const { t } = useTranslation();
  const fmt = useFormatDateTime();
  const mail = useInfiniteQuery(mailQuery);
  const [open, setOpen] = useState<Mail | null>(null);
  const rows = mail.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title={t('nav.mail')} description={t('mail.description')}>
      <Card withBorder padding="md">
        <ErrorAlert error={mail.error} />
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mail.time')}</Table.Th>
                <Table.Th>{t('mail.to')}</Table.Th>
                <Table.Th>{t('mail.subject')}</Table.Th>
                <Table.Th>{t('mail.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(m.createdAt)}</Table.Td>
                  <Table.Td>{m.to}</Table.Td>
                  <Table.Td>
                    <Anchor component="button" size="sm" onClick={() => setOpen(m)}>
                      {m.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={m.status === 'sent' ? 'teal' : m.status === 'failed' ? 'red' : 'gray'}>
                      {t(`mail.statuses.${m.status}`, { defaultValue: m.status })}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {rows.length === 0 && !mail.isPending && (
          <Text c="dimmed" size="sm" ta="center" py="md">
            {t('mail.empty')}
          </Text>
        )}
        {mail.hasNextPage && (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void mail.fetchNextPage()} loading={mail.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Group>
        )}
      </Card>
      <Modal opened={!!open} onClose={() => setOpen(null)} title={open?.subject} size="lg">
        {open && (
          <>
            <Text size="xs" c="dimmed" mb="sm">
              {t('mail.to')}: {open.to} · {fmt(open.createdAt)}
            </Text>
            <MailText text={open.text} />
          </>
        )}
      </Modal>
    </Page>
  );
}
