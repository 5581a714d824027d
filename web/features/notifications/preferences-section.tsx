import { Card, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../../../contracts/notifications';
import { ErrorAlert } from '../../ui/errors';
import { ListState } from '../../ui/list-parts';
import { useCurrentUser } from '../auth/queries';
import { eventLabel, preferenceEvents } from './events';
import { useSetPreference } from './mutations';
import { preferencesQuery } from './queries';

/**
 * "Tell me about …": one row per event the server knows, one switch per channel (e-mail, in the
 * portal). Each switch is saved the moment it changes; the line under the table says whether it was.
 */
export function NotificationPreferencesSection() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const prefs = useQuery(preferencesQuery);
  const set = useSetPreference();
  const events = preferenceEvents(Object.keys(prefs.data ?? {}), me.org.kind === 'provider');
  const channelLabel = (c: NotificationChannel) => t(`bell.channels.${c}`);
  const label = (e: string) => eventLabel({ t: (k) => t(k), exists: (k) => i18n.exists(k) }, e);
  const hint = (e: string) => (i18n.exists(`bell.eventHints.${e}`) ? t(`bell.eventHints.${e}`) : null);
  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {t('bell.prefsTitle')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('bell.prefsText')}
          </Text>
        </div>
        <ErrorAlert error={prefs.error} />
        {events.length > 0 && (
          <Table verticalSpacing="xs" layout="fixed" aria-label={t('bell.prefsTitle')} data-testid="notification-preferences">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bell.event')}</Table.Th>
                {NOTIFICATION_CHANNELS.map((c) => (
                  <Table.Th key={c} ta="center" w={{ base: 76, xs: 130 }}>
                    {channelLabel(c)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <Table.Tr key={e}>
                  <Table.Th scope="row" fw={400}>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {label(e)}
                    </Text>
                    {hint(e) && (
                      <Text size="xs" c="dimmed">
                        {hint(e)}
                      </Text>
                    )}
                  </Table.Th>
                  {NOTIFICATION_CHANNELS.map((c) => (
                    <Table.Td key={c}>
                      <Group justify="center">
                        <Checkbox
                          checked={prefs.data?.[e]?.[c] ?? false}
                          onChange={(ev) => set.mutate({ event: e, channel: c, on: ev.currentTarget.checked })}
                          aria-label={t('bell.switchLabel', { event: label(e), channel: channelLabel(c) })}
                        />
                      </Group>
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <ListState loading={prefs.isPending} empty={false} emptyText="" />
        <ErrorAlert error={set.error} />
        <Group gap={4} c={set.isSuccess ? 'teal.8' : 'dimmed'} role="status" aria-live="polite" mih={20}>
          {set.isSuccess && <IconCheck size={14} aria-hidden />}
          <Text size="sm" c="inherit" span>
            {set.isPending ? t('bell.saving') : set.isSuccess ? t('bell.saved') : ''}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
