import { Button, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPACTS, PRIORITIES, URGENCIES, type Impact, type Priority, type PriorityMatrix, type Urgency } from '../../../contracts/ticket-priority';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { ListState } from '../../ui/list-parts';
import { useSaveTicketSettings } from './mutations';
import { ticketSettingsQuery } from './queries';
import { Section } from './section';

/** The urgency × impact → priority matrix and the customers' reopen window. */
export function PriorityTab() {
  const settings = useQuery(ticketSettingsQuery);
  const { t } = useTranslation();
  if (!settings.data)
    return (
      <Section title={t('helpdeskAdmin.priorities.title')} text={t('helpdeskAdmin.priorities.text')}>
        <ErrorAlert error={settings.error} />
        <ListState loading={settings.isPending} empty={false} emptyText="" />
      </Section>
    );
  return <PriorityForm key={JSON.stringify(settings.data)} matrix={settings.data.priorityMatrix} reopenDays={settings.data.reopenDays} />;
}

function PriorityForm({ matrix: saved, reopenDays: savedDays }: { matrix: PriorityMatrix; reopenDays: number }) {
  const { t } = useTranslation();
  const [matrix, setMatrix] = useState(saved);
  const [days, setDays] = useState<number | string>(savedDays);
  const save = useSaveTicketSettings();
  const daysValid = typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= 90;
  const dirty = JSON.stringify(matrix) !== JSON.stringify(saved) || days !== savedDays;
  const setCell = (u: Urgency, i: Impact, p: Priority) => setMatrix((m) => ({ ...m, [u]: { ...m[u], [i]: p } }));
  const cellError = (u: Urgency, i: Impact) => fieldError(save.error, `priorityMatrix.${u}.${i}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!daysValid) return;
    save.mutate({ priorityMatrix: matrix, reopenDays: days }, { onSuccess: () => notifications.show({ color: 'teal', message: t('helpdeskAdmin.saved') }) });
  };
  const cells = URGENCIES.flatMap((u) => IMPACTS.map((i) => `priorityMatrix.${u}.${i}`));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Section title={t('helpdeskAdmin.priorities.title')} text={t('helpdeskAdmin.priorities.text')}>
          {!onlyFieldErrors(save.error, [...cells, 'reopenDays']) && <ErrorAlert error={save.error} />}
          <Table.ScrollContainer minWidth={620}>
            <Table withTableBorder withColumnBorders verticalSpacing="xs" aria-describedby="priority-matrix-caption">
              <Table.Caption id="priority-matrix-caption">{t('helpdeskAdmin.priorities.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('helpdeskAdmin.priorities.corner')}</Table.Th>
                  {IMPACTS.map((i) => (
                    <Table.Th key={i} scope="col">
                      {t(`tickets.impacts.${i}.label`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {URGENCIES.map((u) => (
                  <Table.Tr key={u}>
                    <Table.Th scope="row">{t(`tickets.urgencies.${u}.label`)}</Table.Th>
                    {IMPACTS.map((i) => (
                      <Table.Td key={i}>
                        <Select
                          aria-label={t('helpdeskAdmin.priorities.cell', { urgency: t(`tickets.urgencies.${u}.label`), impact: t(`tickets.impacts.${i}.label`) })}
                          data={PRIORITIES.map((p) => ({ value: p, label: `${p} · ${t(`tickets.priorities.${p}`)}` }))}
                          value={matrix[u][i]}
                          onChange={(v) => v && setCell(u, i, v as Priority)}
                          allowDeselect={false}
                          size="sm"
                          error={cellError(u, i)}
                          miw={120}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Section>
        <Section title={t('helpdeskAdmin.priorities.reopenTitle')} text={t('helpdeskAdmin.priorities.reopenText')}>
          <NumberInput
            label={t('helpdeskAdmin.priorities.reopenDays')}
            description={t('helpdeskAdmin.priorities.reopenHint')}
            min={0}
            max={90}
            allowDecimal={false}
            allowNegative={false}
            w={{ base: '100%', xs: 340 }}
            value={days}
            onChange={setDays}
            error={!daysValid ? t('helpdeskAdmin.priorities.reopenRange') : fieldError(save.error, 'reopenDays')}
          />
        </Section>
        <Group justify="flex-end" gap="sm">
          {dirty && (
            <Text size="sm" c="dimmed" role="status">
              {t('helpdeskAdmin.unsaved')}
            </Text>
          )}
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setMatrix(saved);
              setDays(savedDays);
              save.reset();
            }}
          >
            {t('helpdeskAdmin.discard')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!dirty}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
