import { Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, post } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { useFormatDateTime } from '../../ui/format';
import { sessionsQuery } from './queries';

/** A readable name for a browser from its user agent. */
export function describeAgent(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : ua.split(' ')[0];
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} · ${os}` : (browser ?? '—');
}

export function SessionsSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDateTime();
  const sessions = useQuery(sessionsQuery);
  const invalidate = () => qc.invalidateQueries({ queryKey: sessionsQuery.queryKey });
  const revoke = useMutation({ mutationFn: (id: string) => del(`/api/v1/me/sessions/${id}`), onSuccess: invalidate });
  const revokeOthers = useMutation({ mutationFn: () => post('/api/v1/me/sessions/revoke-others'), onSuccess: invalidate });
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {t('profile.sessions')}
          </Title>
          <Button size="xs" variant="default" onClick={() => revokeOthers.mutate()} loading={revokeOthers.isPending}>
            {t('profile.signOutOthers')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('profile.sessionsText')}
        </Text>
        <ErrorAlert error={sessions.error ?? revoke.error ?? revokeOthers.error} />
        <Table.ScrollContainer minWidth={560}>
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
              {sessions.data?.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    {describeAgent(s.userAgent)}{' '}
                    {s.current && (
                      <Badge size="xs" variant="light" color="teal">
                        {t('profile.thisSession')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{s.ipAddress ?? '—'}</Table.Td>
                  <Table.Td>{fmt(s.createdAt)}</Table.Td>
                  <Table.Td>{fmt(s.updatedAt)}</Table.Td>
                  <Table.Td>
                    {!s.current && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(s.id)}>
                        {t('profile.signOutSession')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
