import { Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { useRevokeOtherSessions, useRevokeSession } from './mutations';
import { sessionsQuery, type SessionRow } from './queries';

/** A readable name for a browser from its user agent: "Firefox · Windows". */
export function describeAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : /curl|node|python|Go-http/i.test(ua) ? ua.split(/[\s/]/)[0]! : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (!browser && !os) return ua.slice(0, 40);
  return [browser, os].filter(Boolean).join(' · ');
}

/** The user's signed-in browsers, this one marked, each one endable. */
export function SessionsSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sessions = useQuery(sessionsQuery);
  const [ending, setEnding] = useState<SessionRow | null>(null);
  const [endingOthers, setEndingOthers] = useState(false);
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions({ onSuccess: (r) => notifications.show({ color: 'teal', message: t('profile.othersEnded', { n: r.revoked }) }) });
  const rows = sessions.data?.items ?? [];
  const others = rows.filter((s) => !s.current).length;
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {t('profile.sessions')}
          </Title>
          <Button size="xs" variant="default" onClick={() => setEndingOthers(true)} disabled={others === 0}>
            {t('profile.signOutOthers')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('profile.sessionsText')}
        </Text>
        <ErrorAlert error={sessions.error} />
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('profile.device')}</Table.Th>
                <Table.Th>{t('profile.ip')}</Table.Th>
                <Table.Th>{t('profile.signedIn')}</Table.Th>
                <Table.Th>{t('profile.lastActive')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" title={s.userAgent ?? undefined}>
                        {describeAgent(s.userAgent) ?? t('profile.unknownDevice')}
                      </Text>
                      {s.current && (
                        <Badge size="sm" variant="light" color="teal">
                          {t('profile.thisSession')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{s.ipAddress ?? '—'}</Table.Td>
                  <Table.Td>{fmt.dateTime(s.createdAt)}</Table.Td>
                  <Table.Td>{fmt.dateTime(s.updatedAt)}</Table.Td>
                  <Table.Td ta="right">
                    {!s.current && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setEnding(s)}>
                        {t('profile.signOutSession')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <ListState loading={sessions.isPending} empty={rows.length === 0} emptyText={t('profile.noSessions')} />
      </Stack>
      <ConfirmModal
        opened={!!ending}
        onClose={() => setEnding(null)}
        title={t('profile.endSession')}
        message={t('profile.endSessionText', { device: describeAgent(ending?.userAgent ?? null) ?? t('profile.unknownDevice'), ip: ending?.ipAddress ?? '—' })}
        confirmLabel={t('profile.signOutSession')}
        onConfirm={() => revoke.mutateAsync(ending!.id)}
      />
      <ConfirmModal
        opened={endingOthers}
        onClose={() => setEndingOthers(false)}
        title={t('profile.signOutOthers')}
        message={t('profile.signOutOthersText', { n: others })}
        confirmLabel={t('profile.signOutOthers')}
        onConfirm={() => revokeOthers.mutateAsync()}
      />
    </Card>
  );
}
