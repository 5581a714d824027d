import { Card, Divider, Group, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IMPACTS,
  NEEDED_BY,
  priorityFor,
  proposeImpact,
  proposeUrgency,
  URGENCIES,
  type ClassificationAnswers,
  type Impact,
  type NeededBy,
  type PriorityMatrix,
  type Urgency,
} from '../../../contracts/ticket-priority';
import { PriorityBadge } from './ticket-parts';

type Answers = Partial<ClassificationAnswers>;
const complete = (a: Answers): a is ClassificationAnswers => a.fixNow !== undefined && a.manyStopped !== undefined && a.neededBy !== undefined;
const yesNo = (v: boolean | undefined) => (v === undefined ? null : v ? 'yes' : 'no');

type Props = {
  urgency: Urgency | '';
  impact: Impact | '';
  onUrgency: (u: Urgency) => void;
  onImpact: (i: Impact) => void;
  urgencyError?: ReactNode;
  impactError?: ReactNode;
  matrix?: PriorityMatrix;
};

/**
 * The classification helper (seed 001): three plain questions propose an urgency and an impact; the
 * customer may pick others. The priority they lead to is shown as it will be set.
 */
export function ClassificationHelper({ urgency, impact, onUrgency, onImpact, urgencyError, impactError, matrix }: Props) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Answers>({});
  const [proposed, setProposed] = useState<{ urgency: Urgency; impact: Impact } | null>(null);
  const answer = (a: Answers) => {
    const next = { ...answers, ...a };
    setAnswers(next);
    if (!complete(next)) return;
    const p = { urgency: proposeUrgency(next), impact: proposeImpact(next) };
    setProposed(p);
    onUrgency(p.urgency);
    onImpact(p.impact);
  };
  const priority = urgency && impact ? priorityFor(urgency, impact, matrix) : null;
  const overridden = proposed && (proposed.urgency !== urgency || proposed.impact !== impact);
  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {t('tickets.helper.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('tickets.helper.intro')}
          </Text>
        </div>
        <Stack gap="sm">
          <Radio.Group label={t('tickets.helper.fixNow')} value={yesNo(answers.fixNow)} onChange={(v) => answer({ fixNow: v === 'yes' })}>
            <Group gap="lg" mt={6}>
              <Radio value="yes" label={t('tickets.helper.yes')} />
              <Radio value="no" label={t('tickets.helper.no')} />
            </Group>
          </Radio.Group>
          <Radio.Group label={t('tickets.helper.manyStopped')} value={yesNo(answers.manyStopped)} onChange={(v) => answer({ manyStopped: v === 'yes' })}>
            <Group gap="lg" mt={6}>
              <Radio value="yes" label={t('tickets.helper.yes')} />
              <Radio value="no" label={t('tickets.helper.no')} />
            </Group>
          </Radio.Group>
          <Radio.Group label={t('tickets.helper.neededBy')} value={answers.neededBy ?? null} onChange={(v) => answer({ neededBy: NEEDED_BY.find((n) => n === v) as NeededBy })}>
            <Group gap="lg" mt={6}>
              {NEEDED_BY.map((n) => (
                <Radio key={n} value={n} label={t(`tickets.helper.by.${n}`)} />
              ))}
            </Group>
          </Radio.Group>
        </Stack>
        <div role="status" aria-live="polite">
          {proposed && (
            <Group gap="xs" wrap="nowrap" align="flex-start" p="sm" bg="portico.0" c="portico.9" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
              <IconBulb size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
              <Text size="sm">
                {t('tickets.helper.proposal', { urgency: t(`tickets.urgencies.${proposed.urgency}.label`), impact: t(`tickets.impacts.${proposed.impact}.label`) })}
                {overridden && ` ${t('tickets.helper.overridden')}`}
              </Text>
            </Group>
          )}
        </div>
        <Divider />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <div id="ticket-urgency">
            <Radio.Group label={t('tickets.urgency')} description={t('tickets.urgencyHint')} value={urgency || null} onChange={(v) => onUrgency(URGENCIES.find((u) => u === v)!)} error={urgencyError} required withAsterisk={false}>
              <Stack gap="sm" mt="xs">
                {URGENCIES.map((u) => (
                  <Radio key={u} value={u} label={t(`tickets.urgencies.${u}.label`)} description={t(`tickets.urgencies.${u}.text`)} />
                ))}
              </Stack>
            </Radio.Group>
          </div>
          <div id="ticket-impact">
            <Radio.Group label={t('tickets.impact')} description={t('tickets.impactHint')} value={impact || null} onChange={(v) => onImpact(IMPACTS.find((i) => i === v)!)} error={impactError} required withAsterisk={false}>
              <Stack gap="sm" mt="xs">
                {IMPACTS.map((i) => (
                  <Radio key={i} value={i} label={t(`tickets.impacts.${i}.label`)} description={t(`tickets.impacts.${i}.text`)} />
                ))}
              </Stack>
            </Radio.Group>
          </div>
        </SimpleGrid>
        <Card bg="gray.0" padding="md" radius="md" aria-live="polite" data-testid="priority-preview">
          {priority ? (
            <Stack gap={6}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {t('tickets.helper.resultingPriority')}
                </Text>
                <PriorityBadge priority={priority} />
              </Group>
              <Text size="sm">{t(`tickets.expect.${priority}`)}</Text>
              <Text size="sm" c="dimmed">
                {t('tickets.expect.agreement')}
              </Text>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t('tickets.helper.noPriorityYet')}
            </Text>
          )}
        </Card>
      </Stack>
    </Card>
  );
}
