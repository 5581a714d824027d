import { ActionIcon, Badge, Button, Card, Checkbox, Collapse, Group, Menu, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconChevronDown, IconChevronRight, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPES, localText, type FieldType, type FormDefinitionInput } from '../../../contracts/forms';

export type DraftField = FormDefinitionInput['fields'][number];
type AnyField = Record<string, unknown> & { key: string; type: FieldType; label: Record<string, string | undefined>; required?: boolean };
export type DefinitionIssue = { path: (string | number)[]; message: string };

const LANGS = ['en', 'de', 'nb', 'ru'] as const;

/** A new field of a type, with a key not yet used. */
function newField(type: FieldType, taken: Set<string>, label: string): DraftField {
  let n = 1;
  while (taken.has(`${type}${n}`)) n++;
  const base = { key: `${type}${n}`, type, label: { en: label }, required: false } as AnyField;
  if (type === 'select' || type === 'multiselect') base.options = [{ value: 'option1', label: { en: 'Option 1' } }];
  return base as unknown as DraftField;
}

/** Keeps what a field of the new type understands (key, label, help, required, showIf). */
function retype(f: AnyField, type: FieldType): DraftField {
  const next: AnyField = { key: f.key, type, label: f.label, required: f.required ?? false };
  if (f.help) next.help = f.help;
  if (f.showIf) next.showIf = f.showIf;
  if (type === 'select' || type === 'multiselect') next.options = (f.options as unknown[]) ?? [{ value: 'option1', label: { en: 'Option 1' } }];
  return next as unknown as DraftField;
}

/**
 * The form builder: fields in order, each with its key, type, labels per language, help, required,
 * a condition (showIf) and the options of its type. Problems of the definition (from the same zod
 * schema the server uses) appear at the field they concern.
 */
export function FormBuilder({ value, onChange, issues }: { value: FormDefinitionInput; onChange(v: FormDefinitionInput): void; issues: DefinitionIssue[] }) {
  const { t } = useTranslation();
  const fields = value.fields as unknown as AnyField[];
  // The open field by position (keys change while they are typed, and may clash).
  const [open, setOpen] = useState<number | null>(fields.length ? 0 : null);
  const set = (next: AnyField[]) => onChange({ fields: next as unknown as DraftField[] });
  const put = (i: number, f: AnyField) => set(fields.map((x, j) => (j === i ? f : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...fields];
    const [f] = next.splice(i, 1);
    next.splice(i + d, 0, f!);
    set(next);
    if (open === i) setOpen(i + d);
    else if (open === i + d) setOpen(i);
  };
  const removeAt = (i: number) => {
    set(fields.filter((_, j) => j !== i));
    if (open === i) setOpen(null);
    else if (open !== null && open > i) setOpen(open - 1);
  };
  const add = (type: FieldType) => {
    const f = newField(type, new Set(fields.map((x) => x.key)), t(`catalogue.fieldTypes.${type}`)) as unknown as AnyField;
    set([...fields, f]);
    setOpen(fields.length);
  };
  const issuesAt = (i: number) => issues.filter((x) => x.path[0] === 'fields' && x.path[1] === i);
  const general = issues.filter((x) => x.path[0] !== 'fields' || x.path.length < 2);
  return (
    <Stack gap="sm">
      {general.map((x, k) => (
        <Text key={k} size="sm" c="red">
          {x.message}
        </Text>
      ))}
      {fields.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('catalogue.builder.empty')}
        </Text>
      )}
      {fields.map((f, i) => {
        const mine = issuesAt(i);
        const expanded = open === i;
        return (
          <Card key={i} withBorder radius="md" padding="sm" style={mine.length ? { borderColor: 'var(--mantine-color-red-5)' } : undefined}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap" miw={0} style={{ cursor: 'pointer', flex: 1 }} onClick={() => setOpen(expanded ? null : i)}>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-expanded={expanded} aria-label={t(expanded ? 'catalogue.builder.collapse' : 'catalogue.builder.expand', { key: f.key })}>
                  {expanded ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
                </ActionIcon>
                <Text size="sm" fw={600} truncate>
                  {localText(f.label as { en: string }, 'en') || f.key}
                </Text>
                <Badge size="xs" variant="light" color="gray" tt="none">
                  {t(`catalogue.fieldTypes.${f.type}`)}
                </Badge>
                {f.required && (
                  <Badge size="xs" variant="outline" color="portico" tt="none">
                    {t('catalogue.builder.required')}
                  </Badge>
                )}
                {!!f.showIf && (
                  <Badge size="xs" variant="outline" color="grape" tt="none">
                    {t('catalogue.builder.conditional')}
                  </Badge>
                )}
                {mine.length > 0 && (
                  <Badge size="xs" color="red" tt="none">
                    {t('catalogue.builder.problems', { n: mine.length })}
                  </Badge>
                )}
              </Group>
              <Group gap={2} wrap="nowrap">
                <ActionIcon variant="subtle" color="gray" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('catalogue.builder.moveUp', { key: f.key })}>
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon variant="subtle" color="gray" disabled={i === fields.length - 1} onClick={() => move(i, 1)} aria-label={t('catalogue.builder.moveDown', { key: f.key })}>
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" onClick={() => removeAt(i)} aria-label={t('catalogue.builder.remove', { key: f.key })}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Group>
            {mine.length > 0 && (
              <Stack gap={2} mt={6}>
                {mine.map((x, k) => (
                  <Text key={k} size="xs" c="red">
                    {x.path.slice(2).join(' › ') || f.key}: {x.message}
                  </Text>
                ))}
              </Stack>
            )}
            <Collapse expanded={expanded}>
              <FieldEditor field={f} earlier={fields.slice(0, i)} onChange={(nf) => put(i, nf)} />
            </Collapse>
          </Card>
        );
      })}
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} w="fit-content">
            {t('catalogue.builder.addField')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {FIELD_TYPES.map((ty) => (
            <Menu.Item key={ty} onClick={() => add(ty)}>
              {t(`catalogue.fieldTypes.${ty}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );
}

/** Texts in the four languages side by side (English required). */
export function LangInputs({ label, value, onChange, required, multiline }: { label: string; value: Record<string, string | undefined> | undefined; onChange(v: Record<string, string> | undefined): void; required?: boolean; multiline?: boolean }) {
  const { t } = useTranslation();
  const v = value ?? {};
  const put = (l: string, s: string) => {
    const next: Record<string, string> = {};
    for (const k of LANGS) {
      const x = k === l ? s : v[k];
      if (x !== undefined && (x !== '' || k === 'en')) next[k] = x;
    }
    onChange(!required && Object.values(next).every((x) => !x) ? undefined : next);
  };
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={6}>
      {LANGS.map((l) => (
        <TextInput key={l} size="xs" label={`${label} (${t(`catalogue.langs.${l}`)})`} required={required && l === 'en'} value={v[l] ?? ''} onChange={(e) => put(l, e.currentTarget.value)} maxLength={multiline ? 1000 : 200} />
      ))}
    </SimpleGrid>
  );
}

const num = (v: unknown) => (typeof v === 'number' ? v : '');
const optNum = (v: string | number) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function FieldEditor({ field: f, earlier, onChange }: { field: AnyField; earlier: AnyField[]; onChange(f: AnyField): void }) {
  const { t } = useTranslation();
  const set = (k: string, v: unknown) => {
    const next = { ...f };
    if (v === undefined || v === '') delete next[k];
    else next[k] = v;
    onChange(next);
  };
  const controllers = earlier.filter((e) => ['select', 'multiselect', 'checkbox', 'number', 'text', 'textarea'].includes(e.type));
  const ctl = controllers.find((c) => c.key === (f.showIf as { field?: string } | undefined)?.field);
  const showIf = f.showIf as { field: string; equals: string | number | boolean } | undefined;
  return (
    <Stack gap="sm" mt="sm" pl={4}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <TextInput
          size="xs"
          label={t('catalogue.builder.key')}
          description={t('catalogue.builder.keyHelp')}
          value={f.key}
          onChange={(e) => onChange({ ...f, key: e.currentTarget.value })}
          required
        />
        <Select
          size="xs"
          label={t('catalogue.builder.type')}
          data={FIELD_TYPES.map((ty) => ({ value: ty, label: t(`catalogue.fieldTypes.${ty}`) }))}
          value={f.type}
          onChange={(v) => v && onChange(retype(f, v as FieldType) as unknown as AnyField)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      <LangInputs label={t('catalogue.builder.label')} value={f.label} onChange={(v) => set('label', v ?? { en: '' })} required />
      <LangInputs label={t('catalogue.builder.help')} value={f.help as Record<string, string> | undefined} onChange={(v) => set('help', v)} multiline />
      <Group gap="lg">
        <Switch size="sm" label={f.type === 'checkbox' ? t('catalogue.builder.mustTick') : t('catalogue.builder.required')} checked={!!f.required} onChange={(e) => set('required', e.currentTarget.checked)} />
        <Switch
          size="sm"
          label={t('catalogue.builder.onlyIf')}
          checked={!!showIf}
          disabled={controllers.length === 0}
          onChange={(e) => set('showIf', e.currentTarget.checked ? { field: controllers[controllers.length - 1]!.key, equals: defaultEquals(controllers[controllers.length - 1]!) } : undefined)}
        />
      </Group>
      {showIf && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Select
            size="xs"
            label={t('catalogue.builder.whenField')}
            data={controllers.map((c) => ({ value: c.key, label: `${localText(c.label as { en: string }, 'en')} (${c.key})` }))}
            value={showIf.field}
            onChange={(v) => {
              const c = controllers.find((x) => x.key === v);
              if (c) set('showIf', { field: c.key, equals: defaultEquals(c) });
            }}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          {ctl?.type === 'select' || ctl?.type === 'multiselect' ? (
            <Select
              size="xs"
              label={t('catalogue.builder.equals')}
              data={((ctl.options as { value: string; label: { en: string } }[]) ?? []).map((o) => ({ value: o.value, label: localText(o.label, 'en') || o.value }))}
              value={String(showIf.equals)}
              onChange={(v) => v && set('showIf', { ...showIf, equals: v })}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          ) : ctl?.type === 'checkbox' ? (
            <Select
              size="xs"
              label={t('catalogue.builder.equals')}
              data={[
                { value: 'true', label: t('catalogue.builder.ticked') },
                { value: 'false', label: t('catalogue.builder.notTicked') },
              ]}
              value={String(showIf.equals === true)}
              onChange={(v) => set('showIf', { ...showIf, equals: v === 'true' })}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          ) : ctl?.type === 'number' ? (
            <NumberInput size="xs" label={t('catalogue.builder.equals')} value={num(showIf.equals)} onChange={(v) => set('showIf', { ...showIf, equals: optNum(v) ?? 0 })} />
          ) : (
            <TextInput size="xs" label={t('catalogue.builder.equals')} value={String(showIf.equals ?? '')} onChange={(e) => set('showIf', { ...showIf, equals: e.currentTarget.value })} />
          )}
        </SimpleGrid>
      )}
      <TypeOptions f={f} set={set} />
    </Stack>
  );
}

function defaultEquals(c: AnyField): string | number | boolean {
  if (c.type === 'checkbox') return true;
  if (c.type === 'number') return 0;
  if (c.type === 'select' || c.type === 'multiselect') return ((c.options as { value: string }[]) ?? [])[0]?.value ?? '';
  return '';
}

function TypeOptions({ f, set }: { f: AnyField; set(k: string, v: unknown): void }) {
  const { t } = useTranslation();
  const n = (k: string, label: string, opts: { min?: number; step?: number; decimal?: boolean } = {}) => (
    <NumberInput size="xs" label={label} value={num(f[k])} onChange={(v) => set(k, optNum(v))} min={opts.min} step={opts.step} allowDecimal={opts.decimal ?? false} />
  );
  const flag = (k: string, label: string) => <Checkbox size="xs" label={label} checked={!!f[k]} onChange={(e) => set(k, e.currentTarget.checked || undefined)} />;
  switch (f.type) {
    case 'text':
    case 'textarea':
      return (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
          {n('minLength', t('catalogue.builder.minLength'), { min: 0 })}
          {n('maxLength', t('catalogue.builder.maxLength'), { min: 1 })}
        </SimpleGrid>
      );
    case 'number':
      return (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {n('min', t('catalogue.builder.min'), { decimal: true })}
          {n('max', t('catalogue.builder.max'), { decimal: true })}
          {n('step', t('catalogue.builder.step'), { decimal: true, min: 0 })}
          <TextInput size="xs" label={t('catalogue.builder.unit')} value={(f.unit as string) ?? ''} onChange={(e) => set('unit', e.currentTarget.value || undefined)} maxLength={20} />
        </SimpleGrid>
      );
    case 'date':
    case 'datetime':
      return flag('futureOnly', t('catalogue.builder.futureOnly'));
    case 'daterange':
      return (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
            {n('minDays', t('catalogue.builder.minDays'), { min: 1 })}
            {n('maxDays', t('catalogue.builder.maxDays'), { min: 1 })}
          </SimpleGrid>
          {flag('futureOnly', t('catalogue.builder.futureOnly'))}
        </Stack>
      );
    case 'datetimerange':
      return (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
            {n('minHours', t('catalogue.builder.minHours'), { min: 0, decimal: true })}
            {n('maxHours', t('catalogue.builder.maxHours'), { min: 0, decimal: true })}
          </SimpleGrid>
          {flag('futureOnly', t('catalogue.builder.futureOnly'))}
        </Stack>
      );
    case 'select':
    case 'multiselect':
      return (
        <Stack gap="xs">
          <OptionsEditor value={(f.options as Opt[]) ?? []} onChange={(o) => set('options', o)} />
          {f.type === 'select' ? (
            <Select
              size="xs"
              label={t('catalogue.builder.display')}
              data={[
                { value: 'dropdown', label: t('catalogue.builder.dropdown') },
                { value: 'radio', label: t('catalogue.builder.radio') },
              ]}
              value={(f.display as string) ?? 'dropdown'}
              onChange={(v) => set('display', v === 'radio' ? 'radio' : undefined)}
              allowDeselect={false}
              maw={240}
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
              {n('minChoices', t('catalogue.builder.minChoices'), { min: 0 })}
              {n('maxChoices', t('catalogue.builder.maxChoices'), { min: 0 })}
            </SimpleGrid>
          )}
        </Stack>
      );
    case 'person':
    case 'visitors':
      return (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
            {n('min', t('catalogue.builder.minItems'), { min: 0 })}
            {n('max', t('catalogue.builder.maxItems'), { min: 0 })}
          </SimpleGrid>
          {f.type === 'visitors' && (
            <Checkbox.Group size="xs" label={t('catalogue.builder.visitorRequired')} value={(f.requiredFields as string[]) ?? []} onChange={(v) => set('requiredFields', v.length ? v : undefined)}>
              <Group gap="md" mt={4}>
                {(['company', 'email', 'phone'] as const).map((k) => (
                  <Checkbox key={k} size="xs" value={k} label={t(`catalogue.form.visitor.${k}`)} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
        </Stack>
      );
    case 'location':
      return (
        <Group gap="lg">
          {flag('multiple', t('catalogue.builder.multiple'))}
          {flag('singleSite', t('catalogue.builder.singleSite'))}
        </Group>
      );
    case 'file':
      return (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {n('maxFiles', t('catalogue.builder.maxFiles'), { min: 1 })}
          <TagsInput size="xs" label={t('catalogue.builder.accept')} description={t('catalogue.builder.acceptHelp')} value={(f.accept as string[]) ?? []} onChange={(v) => set('accept', v.length ? v : undefined)} />
        </SimpleGrid>
      );
    default:
      return null;
  }
}

type Opt = { value: string; label: Record<string, string | undefined> };

function OptionsEditor({ value, onChange }: { value: Opt[]; onChange(v: Opt[]): void }) {
  const { t } = useTranslation();
  const put = (i: number, o: Opt) => onChange(value.map((x, j) => (j === i ? o : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...value];
    const [o] = next.splice(i, 1);
    next.splice(i + d, 0, o!);
    onChange(next);
  };
  return (
    <Stack gap={6}>
      <Text size="xs" fw={500}>
        {t('catalogue.builder.options')}
      </Text>
      {value.map((o, i) => (
        <Card key={i} withBorder padding="xs" radius="sm">
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput size="xs" label={t('catalogue.builder.optionValue')} value={o.value} onChange={(e) => put(i, { ...o, value: e.currentTarget.value })} w={140} required />
            <Group gap={2} wrap="nowrap" ml="auto">
              <ActionIcon size="sm" variant="subtle" color="gray" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('catalogue.builder.moveUp', { key: o.value })}>
                <IconArrowUp size={14} aria-hidden />
              </ActionIcon>
              <ActionIcon size="sm" variant="subtle" color="gray" disabled={i === value.length - 1} onClick={() => move(i, 1)} aria-label={t('catalogue.builder.moveDown', { key: o.value })}>
                <IconArrowDown size={14} aria-hidden />
              </ActionIcon>
              <ActionIcon size="sm" variant="subtle" color="red" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={t('catalogue.builder.remove', { key: o.value })}>
                <IconTrash size={14} aria-hidden />
              </ActionIcon>
            </Group>
          </Group>
          <LangInputs label={t('catalogue.builder.optionLabel')} value={o.label} onChange={(l) => put(i, { ...o, label: l ?? { en: '' } })} required />
        </Card>
      ))}
      <Button
        size="xs"
        variant="subtle"
        w="fit-content"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => {
          let n = value.length + 1;
          while (value.some((o) => o.value === `option${n}`)) n++;
          onChange([...value, { value: `option${n}`, label: { en: `Option ${n}` } }]);
        }}
      >
        {t('catalogue.builder.addOption')}
      </Button>
    </Stack>
  );
}
