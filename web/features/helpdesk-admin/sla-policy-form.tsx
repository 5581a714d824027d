import { ActionIcon, Alert, Button, Checkbox, CloseButton, Fieldset, Group, Input, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, type Priority } from '../../../contracts/ticket-priority';
import { ApiError } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { useCurrentUser } from '../auth/queries';
import { formatIsoDate, QUARTER_HOURS, weekdayName } from './duration';
import { useSaveSlaPolicy } from './mutations';
import { WEEKDAYS, type SlaPolicy, type WeekdayKey, type WorkingHours } from './queries';
import { initial, OFFICE, toInput, type Mode, type State } from './sla-form-state';
import { Section } from './section';

const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/Berlin', 'Europe/Oslo', 'Europe/Moscow'];
  }
};

/**
 * Creates or edits an SLA policy: its name, when the clock runs (24/7, or working hours per
 * weekday in a time zone with holidays), its targets per priority and whether it is the default.
 * The server validates; its field errors are shown next to the fields they name.
 */
export function SlaPolicyForm({ policy, onDone }: { policy: SlaPolicy | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [s, setS] = useState<State>(() => initial(policy, me.timeZone));
  const [nameError, setNameError] = useState<string | null>(null);
  const save = useSaveSlaPolicy();
  const timeZones = useMemo(() => zones(), []);
  const set = (patch: Partial<State>) => setS((prev) => ({ ...prev, ...patch }));
  const setDay = (d: WeekdayKey, ranges: WorkingHours[]) => setS((prev) => ({ ...prev, hours: { ...prev.hours, [d]: ranges } }));
  const setTarget = (p: Priority, field: 'firstResponseMinutes' | 'resolutionMinutes', minutes: number) =>
    setS((prev) => ({ ...prev, targets: { ...prev.targets, [p]: { ...prev.targets[p], [field]: minutes } } }));

  const err = useFieldMessages(save.error);
  const shown = [
    'name',
    'calendar',
    'calendar.timeZone',
    'calendar.hours',
    'calendar.holidays',
    'isDefault',
    ...PRIORITIES.flatMap((p) => [`targets.${p}.firstResponseMinutes`, `targets.${p}.resolutionMinutes`]),
  ];
  const nameTaken = save.error instanceof ApiError && save.error.code === 'CONFLICT';
  const onlyShown = save.error instanceof ApiError && (nameTaken || (save.error.code === 'VALIDATION_FAILED' && save.error.errors.length > 0 && save.error.errors.every((e) => shown.some((f) => e.path === `body.${f}` || e.path.startsWith(`body.${f}.`)))));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (s.name.trim().length < 2) {
      setNameError(t('helpdeskAdmin.nameLength'));
      return;
    }
    setNameError(null);
    save.mutate(
      { id: policy?.id ?? null, input: toInput(s) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('helpdeskAdmin.saved') });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Section title={policy ? t('helpdeskAdmin.sla.editOf', { name: policy.name }) : t('helpdeskAdmin.sla.add')} text={t('helpdeskAdmin.sla.formText')}>
          {save.error != null && !onlyShown && <ErrorAlert error={save.error} />}
          {save.error != null && onlyShown && (
            <Alert color="red" variant="light" role="alert">
              {t('errors.VALIDATION_FAILED')}
            </Alert>
          )}
          <TextInput
            label={t('helpdeskAdmin.sla.name')}
            required
            maxLength={80}
            data-autofocus
            value={s.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={nameError ?? (nameTaken ? t('helpdeskAdmin.sla.nameTaken') : err('name'))}
            w={{ base: '100%', sm: 420 }}
          />
          <Checkbox
            label={t('helpdeskAdmin.sla.isDefault')}
            description={policy?.isDefault ? t('helpdeskAdmin.sla.isDefaultKept') : t('helpdeskAdmin.sla.isDefaultHint')}
            checked={s.isDefault}
            disabled={!!policy?.isDefault}
            onChange={(e) => set({ isDefault: e.currentTarget.checked })}
            error={err('isDefault')}
          />
        </Section>

        <Section title={t('helpdeskAdmin.sla.clockTitle')} text={t('helpdeskAdmin.sla.clockText')}>
          <div>
            <Input.Label id="sla-mode-label" component="div" display="block" mb={4}>
              {t('helpdeskAdmin.sla.clock')}
            </Input.Label>
            <SegmentedControl
              aria-labelledby="sla-mode-label"
              value={s.mode}
              onChange={(v) => set({ mode: v as Mode })}
              data={[
                { value: '247', label: t('helpdeskAdmin.sla.mode247') },
                { value: 'business', label: t('helpdeskAdmin.sla.modeBusiness') },
              ]}
            />
          </div>
          {s.mode === 'business' && (
            <>
              <Select
                label={t('helpdeskAdmin.sla.timeZone')}
                searchable
                required
                data={timeZones}
                value={s.timeZone}
                onChange={(v) => v && set({ timeZone: v })}
                allowDeselect={false}
                limit={100}
                nothingFoundMessage={t('common.nothingFound')}
                error={err('calendar.timeZone')}
                w={{ base: '100%', sm: 320 }}
              />
              <Fieldset legend={t('helpdeskAdmin.sla.workingHours')} variant="unstyled" styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }}>
                <Stack gap="xs">
                  {WEEKDAYS.map((d) => (
                    <DayHours key={d} day={d} ranges={s.hours[d]} onChange={(r) => setDay(d, r)} error={(i, f) => err(`calendar.hours.${d}.${i}.${f}`)} />
                  ))}
                  {err('calendar.hours') && (
                    <Text size="sm" c="red" role="alert">
                      {err('calendar.hours')}
                    </Text>
                  )}
                </Stack>
              </Fieldset>
              <Holidays
                holidays={s.holidays}
                onChange={(h) => set({ holidays: h })}
                error={(i) => err(`calendar.holidays.${i}`)}
                lang={i18n.language}
              />
            </>
          )}
        </Section>

        <Section title={t('helpdeskAdmin.sla.targetsTitle')} text={s.mode === '247' ? t('helpdeskAdmin.sla.targetsText247') : t('helpdeskAdmin.sla.targetsTextBusiness')}>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {PRIORITIES.map((p) => (
              <Paper key={p} withBorder p="sm" radius="md">
                <Fieldset legend={`${p} · ${t(`tickets.priorities.${p}`)}`} variant="unstyled" styles={{ legend: { fontWeight: 600 } }}>
                  <Stack gap="xs">
                    <Duration
                      label={t('helpdeskAdmin.sla.firstResponse')}
                      minutes={s.targets[p].firstResponseMinutes}
                      onChange={(m) => setTarget(p, 'firstResponseMinutes', m)}
                      error={err(`targets.${p}.firstResponseMinutes`)}
                    />
                    <Duration label={t('helpdeskAdmin.sla.resolution')} minutes={s.targets[p].resolutionMinutes} onChange={(m) => setTarget(p, 'resolutionMinutes', m)} error={err(`targets.${p}.resolutionMinutes`)} />
                  </Stack>
                </Fieldset>
              </Paper>
            ))}
          </SimpleGrid>
        </Section>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One weekday: open or closed, and its working ranges. */
function DayHours({ day, ranges, onChange, error }: { day: WeekdayKey; ranges: WorkingHours[]; onChange: (r: WorkingHours[]) => void; error: (i: number, f: 'start' | 'end') => string | undefined }) {
  const { t, i18n } = useTranslation();
  const name = weekdayName(Number(day), i18n.language);
  const options = (v: string) => (QUARTER_HOURS.includes(v) ? QUARTER_HOURS : [...QUARTER_HOURS, v].sort());
  const setRange = (i: number, patch: Partial<WorkingHours>) => onChange(ranges.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <Group align="flex-start" gap="sm" wrap="wrap" py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Switch
        label={name}
        checked={ranges.length > 0}
        onChange={(e) => onChange(e.currentTarget.checked ? OFFICE : [])}
        w={150}
        mt={6}
        aria-describedby={ranges.length ? undefined : `closed-${day}`}
      />
      <Stack gap={6} style={{ flex: '1 1 240px' }}>
        {ranges.length === 0 && (
          <Text size="sm" c="dimmed" mt={6} id={`closed-${day}`}>
            {t('helpdeskAdmin.sla.closed')}
          </Text>
        )}
        {ranges.map((r, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <Select
              aria-label={t('helpdeskAdmin.sla.fromOf', { day: name })}
              data={options(r.start).slice(0, -1)}
              value={r.start}
              onChange={(v) => v && setRange(i, { start: v })}
              searchable
              allowDeselect={false}
              w={100}
              error={error(i, 'start')}
            />
            <Text size="sm" mt={6} aria-hidden>
              –
            </Text>
            <Select
              aria-label={t('helpdeskAdmin.sla.toOf', { day: name })}
              data={options(r.end).slice(1)}
              value={r.end}
              onChange={(v) => v && setRange(i, { end: v })}
              searchable
              allowDeselect={false}
              w={100}
              error={error(i, 'end')}
            />
            {ranges.length > 1 && (
              <ActionIcon variant="subtle" color="gray" mt={4} onClick={() => onChange(ranges.filter((_, k) => k !== i))} aria-label={t('helpdeskAdmin.sla.removeRange', { day: name, from: r.start, to: r.end })}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
        {ranges.length > 0 && ranges.length < 4 && (
          <div>
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconPlus size={12} aria-hidden />}
              onClick={() => onChange([...ranges, { start: ranges.at(-1)!.end === '24:00' ? '23:00' : ranges.at(-1)!.end, end: '24:00' }])}
              aria-label={t('helpdeskAdmin.sla.addRangeOf', { day: name })}
            >
              {t('helpdeskAdmin.sla.addRange')}
            </Button>
          </div>
        )}
      </Stack>
    </Group>
  );
}

/** Holidays: dates without working time, added with a date picker, each removable. */
function Holidays({ holidays, onChange, error, lang }: { holidays: string[]; onChange: (h: string[]) => void; error: (i: number) => string | undefined; lang: string }) {
  const { t } = useTranslation();
  const listId = useId();
  return (
    <Stack gap="xs">
      <DatePickerInput
        label={t('helpdeskAdmin.sla.addHoliday')}
        description={t('helpdeskAdmin.sla.holidaysHint')}
        placeholder={t('helpdeskAdmin.sla.pickDate')}
        value={null}
        onChange={(d) => d && !holidays.includes(d) && onChange([...holidays, d].sort())}
        valueFormat="YYYY-MM-DD"
        aria-describedby={listId}
        w={{ base: '100%', sm: 320 }}
      />
      {holidays.length === 0 && (
        <Text size="sm" c="dimmed" id={listId}>
          {t('helpdeskAdmin.sla.noHolidays')}
        </Text>
      )}
      <Group gap="xs" id={holidays.length ? listId : undefined} aria-label={t('helpdeskAdmin.sla.holidays')} role="list" display={holidays.length ? undefined : 'none'}>
        {holidays.map((h, i) => (
          <Paper key={h} withBorder radius="xl" px="sm" py={2} role="listitem" bg={error(i) ? 'red.0' : undefined}>
            <Group gap={4} wrap="nowrap">
              <Text size="sm">{formatIsoDate(h, lang)}</Text>
              <CloseButton size="sm" onClick={() => onChange(holidays.filter((x) => x !== h))} aria-label={t('helpdeskAdmin.sla.removeHoliday', { date: formatIsoDate(h, lang) })} />
            </Group>
          </Paper>
        ))}
      </Group>
      {holidays.map((h, i) =>
        error(i) ? (
          <Text key={h} size="sm" c="red" role="alert">
            {formatIsoDate(h, lang)}: {error(i)}
          </Text>
        ) : null,
      )}
    </Stack>
  );
}

/** A target as hours and minutes; the API counts minutes. */
function Duration({ label, minutes, onChange, error }: { label: string; minutes: number; onChange: (m: number) => void; error?: string }) {
  const { t } = useTranslation();
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const id = useId();
  return (
    <div role="group" aria-labelledby={`${id}-label`}>
      <Input.Label id={`${id}-label`} component="div" display="block" mb={4}>
        {label}
      </Input.Label>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <NumberInput
          aria-label={t('helpdeskAdmin.sla.hoursOf', { what: label })}
          value={h}
          onChange={(v) => onChange((typeof v === 'number' ? v : 0) * 60 + m)}
          min={0}
          max={8760}
          allowDecimal={false}
          allowNegative={false}
          rightSection={<Text size="xs" c="dimmed">{t('helpdeskAdmin.sla.h')}</Text>}
          rightSectionPointerEvents="none"
          w={110}
          error={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <NumberInput
          aria-label={t('helpdeskAdmin.sla.minutesOf', { what: label })}
          value={m}
          onChange={(v) => onChange(h * 60 + Math.min(59, typeof v === 'number' ? v : 0))}
          min={0}
          max={59}
          allowDecimal={false}
          allowNegative={false}
          rightSection={<Text size="xs" c="dimmed">{t('helpdeskAdmin.sla.min')}</Text>}
          rightSectionPointerEvents="none"
          w={100}
          error={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </Group>
      {error && (
        <Text size="xs" c="red" mt={4} id={`${id}-error`}>
          {error}
        </Text>
      )}
    </div>
  );
}

/**
 * The server's field messages are English; the form says them in the user's language by what the
 * path names, falling back to the server's words for anything it does not know.
 */
function useFieldMessages(error: unknown) {
  const { t } = useTranslation();
  return (field: string): string | undefined => {
    if (!(error instanceof ApiError)) return undefined;
    const e = error.errors.find((x) => x.path === `body.${field}`);
    if (!e) return undefined;
    if (field === 'name') return t('helpdeskAdmin.nameLength');
    if (field === 'calendar.timeZone') return t('helpdeskAdmin.sla.errors.timeZone');
    if (field === 'calendar.hours') return t('helpdeskAdmin.sla.errors.noHours');
    if (field === 'isDefault') return t('helpdeskAdmin.sla.errors.keepDefault');
    if (/^calendar\.holidays\.\d+$/.test(field)) return t('helpdeskAdmin.sla.errors.date');
    if (/^calendar\.hours\.\d\.\d+\.end$/.test(field) && /later/.test(e.message)) return t('helpdeskAdmin.sla.errors.endAfterStart');
    if (/^calendar\.hours\.\d\.\d+\.start$/.test(field) && /overlaps/.test(e.message)) return t('helpdeskAdmin.sla.errors.overlap');
    if (/^calendar\.hours\./.test(field)) return t('helpdeskAdmin.sla.errors.time');
    if (/firstResponseMinutes$/.test(field) && /longer/.test(e.message)) return t('helpdeskAdmin.sla.errors.firstAfterResolution');
    if (/^targets\./.test(field)) return t('helpdeskAdmin.sla.errors.target');
    return e.message;
  };
}
