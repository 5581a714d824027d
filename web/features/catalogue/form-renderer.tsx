import { ActionIcon, Alert, Button, Card, Checkbox, FileButton, Group, Input, Loader, MultiSelect, NumberInput, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import { IconPaperclip, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fileAccepts, localText, visibleFields, type FieldOf, type FormDefinition, type FormField, type LocalText } from '../../../contracts/forms';
import { ApiError } from '../../ui/api';
import { useErrorMessage } from '../../ui/errors';
import { useCurrentUser } from '../auth/queries';
import { LocationPicker } from '../sites/location-picker';
import { orderPeopleQuery } from './queries';

export type FormErrors = { path: string; message: string }[];
export type FormState = Record<string, unknown>;

export type FormRendererProps = {
  definition: FormDefinition;
  lang: string;
  value: FormState;
  onChange(value: FormState): void;
  /** Errors by path `values.<key>[.<i>[.<sub>]]` (client-side validation or the server's 400/422). */
  errors?: FormErrors;
  /** Whose members and locations the pickers offer (provider staff previewing for a customer). */
  orgId?: string;
  /** The editor's live preview: nothing is uploaded. */
  preview?: boolean;
  disabled?: boolean;
  /** Names of files already in the value (a draft's), by id. */
  fileNames?: Record<string, string>;
};

/** Uploads one file for a file field (POST /api/v1/order-files, multipart); the id goes into the value. */
function uploadOrderFile(file: File): Promise<{ id: string; name: string; size: number; contentType: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/order-files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.onload = () => {
      let data: Record<string, unknown> | null = null;
      try {
        data = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as unknown as { id: string; name: string; size: number; contentType: string });
      const code = typeof data?.code === 'string' ? data.code : xhr.status === 413 ? 'BODY_TOO_LARGE' : xhr.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : xhr.status >= 500 ? 'INTERNAL' : 'UNKNOWN';
      reject(new ApiError(xhr.status, code, typeof data?.detail === 'string' ? data.detail : xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The messages for a field: its own and those of its parts (range ends, visitor rows). */
function errorsOf(errors: FormErrors | undefined, key: string) {
  const own: string[] = [];
  const parts = new Map<string, string>();
  for (const e of errors ?? []) {
    const p = e.path.replace(/^body\./, '');
    if (p === `values.${key}`) own.push(e.message);
    else if (p.startsWith(`values.${key}.`)) parts.set(p.slice(`values.${key}.`.length), e.message);
  }
  return { own: own.length ? own.join('; ') : undefined, parts };
}

/**
 * Renders a catalogue item's order form from its definition: one input per field in the reader's
 * language, fields hidden by `showIf` left out, errors beside the fields they name. The value is
 * what the orders API takes (`values`); validation is `validateFormValues` from contracts/forms.ts.
 */
export function FormRenderer({ definition, lang, value, onChange, errors, orgId, preview, disabled, fileNames }: FormRendererProps) {
  const shown = visibleFields(definition, value);
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <Stack gap="md">
      {definition.fields
        .filter((f) => shown.has(f.key))
        .map((f) => (
          <FieldInput key={f.key} field={f} lang={lang} value={value[f.key]} onChange={(v) => set(f.key, v)} errors={errorsOf(errors, f.key)} orgId={orgId} preview={preview} disabled={disabled} fileNames={fileNames} />
        ))}
    </Stack>
  );
}

type FieldProps<F extends FormField = FormField> = {
  field: F;
  lang: string;
  value: unknown;
  onChange(v: unknown): void;
  errors: { own?: string; parts: Map<string, string> };
  orgId?: string;
  preview?: boolean;
  disabled?: boolean;
  fileNames?: Record<string, string>;
};

const txt = (t: LocalText | undefined, lang: string) => (t ? localText(t, lang) : undefined);
const asString = (v: unknown) => (typeof v === 'string' ? v : '');
const asList = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
const LOCAL = 'YYYY-MM-DD HH:mm:ss';
/** ISO instant → the picker's local "YYYY-MM-DD HH:mm:ss" (and back). */
const toLocal = (iso: unknown) => (typeof iso === 'string' && iso && dayjs(iso).isValid() ? dayjs(iso).format(LOCAL) : null);
const toIso = (local: string | null) => (local && dayjs(local).isValid() ? dayjs(local).toISOString() : undefined);

/** The field's label; optional fields say so (the theme shows no asterisks, most forms being all required). */
function useLabel() {
  const { t } = useTranslation();
  return (f: FormField, lang: string, required = f.required) => {
    const label = localText(f.label, lang);
    return required || f.type === 'checkbox' ? label : `${label} (${t('catalogue.form.optional')})`;
  };
}

/** Names for the date pickers' icon buttons (clear, confirm) and time parts, which Mantine leaves unnamed (axe: button-name). */
function usePickerLabels() {
  const { t } = useTranslation();
  const clear = { clearButtonProps: { 'aria-label': t('common.clear') } };
  return { clear, dateTime: { ...clear, submitButtonProps: { 'aria-label': t('common.done') }, timePickerProps: { hoursInputLabel: t('catalogue.form.hours'), minutesInputLabel: t('catalogue.form.minutes') } } };
}

function FieldInput(props: FieldProps) {
  const { field: f, lang, value, onChange, errors, disabled } = props;
  const label = useLabel()(f, lang);
  const description = txt(f.help, lang);
  const common = { label, description, required: f.required, error: errors.own, disabled };
  const pickers = usePickerLabels();
  switch (f.type) {
    case 'text':
      return <TextInput {...common} value={asString(value)} onChange={(e) => onChange(e.currentTarget.value)} maxLength={f.maxLength ?? 500} placeholder={txt(f.placeholder, lang)} />;
    case 'textarea':
      return <Textarea {...common} value={asString(value)} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={3} maxRows={12} maxLength={f.maxLength ?? 10_000} placeholder={txt(f.placeholder, lang)} />;
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
          min={f.min}
          max={f.max}
          step={f.step ?? 1}
          decimalScale={f.step !== undefined && !Number.isInteger(f.step) ? String(f.step).split('.')[1]?.length : undefined}
          rightSection={f.unit ? <Text size="sm" c="dimmed" pr="xs">{f.unit}</Text> : undefined}
          rightSectionWidth={f.unit ? Math.max(36, f.unit.length * 9 + 16) : undefined}
          hideControls={!!f.unit}
          maw={280}
        />
      );
    case 'date':
      return (
        <DatePickerInput
          {...common}
          {...pickers.clear}
          value={asString(value) || null}
          onChange={(v) => onChange(v || undefined)}
          minDate={f.futureOnly ? dayjs().format('YYYY-MM-DD') : undefined}
          clearable={!f.required}
          valueFormat="D MMM YYYY"
          maw={280}
        />
      );
    case 'datetime':
      return (
        <DateTimePicker
          {...common}
          {...pickers.dateTime}
          value={toLocal(value)}
          onChange={(v) => onChange(toIso(v))}
          minDate={f.futureOnly ? new Date() : undefined}
          clearable={!f.required}
          valueFormat="D MMM YYYY HH:mm"
          maw={280}
        />
      );
    case 'daterange':
      return <DateRangeField {...(props as FieldProps<FieldOf<'daterange'>>)} />;
    case 'datetimerange':
      return <DateTimeRangeField {...(props as FieldProps<FieldOf<'datetimerange'>>)} />;
    case 'select': {
      const data = f.options.map((o) => ({ value: o.value, label: localText(o.label, lang) }));
      if (f.display === 'radio')
        return (
          <Radio.Group {...common} withAsterisk={false} value={asString(value) || null} onChange={(v) => onChange(v)}>
            <Stack gap={6} mt={6}>
              {data.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} disabled={disabled} />
              ))}
            </Stack>
          </Radio.Group>
        );
      return <Select {...common} data={data} value={asString(value) || null} onChange={(v) => onChange(v ?? undefined)} clearable={!f.required} searchable={data.length > 8} allowDeselect={!f.required} comboboxProps={{ withinPortal: true }} />;
    }
    case 'multiselect': {
      const data = f.options.map((o) => ({ value: o.value, label: localText(o.label, lang) }));
      return <MultiSelect {...common} data={data} value={asList(value)} onChange={(v) => onChange(v)} maxValues={f.maxChoices} clearable searchable={data.length > 8} comboboxProps={{ withinPortal: true }} />;
    }
    case 'checkbox':
      return <Checkbox label={label} description={description} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={errors.own} disabled={disabled} required={f.required} />;
    case 'person':
      return <PersonField {...(props as FieldProps<FieldOf<'person'>>)} />;
    case 'visitors':
      return <VisitorsField {...(props as FieldProps<FieldOf<'visitors'>>)} />;
    case 'location':
      return (
        <LocationPicker
          label={label}
          description={description}
          required={f.required}
          value={asList(value)}
          onChange={(ids) => onChange(ids.length ? ids : undefined)}
          multiple={!!f.multiple}
          orgId={props.orgId}
          error={errors.own ?? [...errors.parts.values()][0]}
          disabled={disabled}
        />
      );
    case 'file':
      return <FileField {...(props as FieldProps<FieldOf<'file'>>)} />;
  }
}

/** A label, description and error around several inputs (ranges, lists). */
function Group2({ label, description, required, error, children }: { label: string; description?: string; required?: boolean; error?: string; children: ReactNode }) {
  return (
    <Input.Wrapper label={label} description={description} required={required} withAsterisk={false} error={error} role="group" aria-label={label}>
      <div style={{ marginTop: 4 }}>{children}</div>
    </Input.Wrapper>
  );
}

function DateRangeField({ field: f, lang, value, onChange, errors, disabled }: FieldProps<FieldOf<'daterange'>>) {
  const { t } = useTranslation();
  const labelOf = useLabel();
  const r = (value && typeof value === 'object' ? value : {}) as { start?: string; end?: string };
  const hint = [f.minDays ? t('catalogue.form.minDays', { n: f.minDays }) : null, f.maxDays ? t('catalogue.form.maxDays', { n: f.maxDays }) : null].filter(Boolean).join(' ');
  return (
    <DatePickerInput
      {...usePickerLabels().clear}
      type="range"
      allowSingleDateInRange
      label={labelOf(f, lang)}
      description={[txt(f.help, lang), hint].filter(Boolean).join(' ') || undefined}
      required={f.required}
      value={[r.start || null, r.end || null]}
      onChange={([s, e]) => onChange(s || e ? { start: s ?? '', end: e ?? '' } : undefined)}
      minDate={f.futureOnly ? dayjs().format('YYYY-MM-DD') : undefined}
      error={errors.own ?? errors.parts.get('start') ?? errors.parts.get('end')}
      clearable={!f.required}
      valueFormat="D MMM YYYY"
      disabled={disabled}
      maw={360}
    />
  );
}

function DateTimeRangeField({ field: f, lang, value, onChange, errors, disabled }: FieldProps<FieldOf<'datetimerange'>>) {
  const { t } = useTranslation();
  const labelOf = useLabel();
  const r = (value && typeof value === 'object' ? value : {}) as { start?: string; end?: string };
  const put = (part: 'start' | 'end', iso: string | undefined) => {
    const next = { start: r.start ?? '', end: r.end ?? '', [part]: iso ?? '' };
    onChange(next.start || next.end ? next : undefined);
  };
  // Whole days read better than hours ("at most 14 days", not "336 hours").
  const bound = (h: number | undefined, kind: 'min' | 'max') =>
    h === undefined ? null : h >= 48 && h % 24 === 0 ? t(`catalogue.form.${kind}Days`, { n: h / 24 }) : t(`catalogue.form.${kind}Hours`, { n: h });
  const hint = [bound(f.minHours, 'min'), bound(f.maxHours, 'max')].filter(Boolean).join(' ');
  const min = f.futureOnly ? new Date() : undefined;
  const pickers = usePickerLabels().dateTime;
  return (
    <Group2 label={labelOf(f, lang)} description={[txt(f.help, lang), hint].filter(Boolean).join(' ') || undefined} required={f.required} error={errors.own}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" maw={580}>
        <DateTimePicker {...pickers} label={t('catalogue.form.from')} value={toLocal(r.start)} onChange={(v) => put('start', toIso(v))} minDate={min} error={errors.parts.get('start')} valueFormat="D MMM YYYY HH:mm" disabled={disabled} clearable />
        <DateTimePicker {...pickers} label={t('catalogue.form.until')} value={toLocal(r.end)} onChange={(v) => put('end', toIso(v))} minDate={toLocal(r.start) ? new Date(r.start!) : min} error={errors.parts.get('end')} valueFormat="D MMM YYYY HH:mm" disabled={disabled} clearable />
      </SimpleGrid>
    </Group2>
  );
}

function PersonField({ field: f, lang, value, onChange, errors, orgId, disabled }: FieldProps<FieldOf<'person'>>) {
  const { t } = useTranslation();
  const labelOf = useLabel();
  const message = useErrorMessage();
  const me = useCurrentUser();
  const staff = me.org.kind === 'provider';
  const people = useQuery({ ...orderPeopleQuery(staff ? orgId : undefined), enabled: !staff || !!orgId });
  const data = (people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }));
  const selected = asList(value);
  for (const id of selected) if (people.isSuccess && !data.some((d) => d.value === id)) data.push({ value: id, label: t('catalogue.form.unknownPerson') });
  const single = f.max === 1;
  const common = {
    label: labelOf(f, lang, f.required || (f.min ?? 0) > 0),
    description: staff && !orgId ? t('catalogue.form.peopleNeedOrg') : txt(f.help, lang),
    required: f.required || (f.min ?? 0) > 0,
    error: errors.own ?? [...errors.parts.values()][0] ?? (people.error ? message(people.error) : undefined),
    disabled: disabled || (staff && !orgId),
    data,
    searchable: true,
    nothingFoundMessage: people.isPending ? t('common.loading') : t('common.nothingFound'),
    comboboxProps: { withinPortal: true },
  };
  if (single) return <Select {...common} value={selected[0] ?? null} onChange={(v) => onChange(v ? [v] : undefined)} clearable />;
  return <MultiSelect {...common} value={selected} onChange={(v) => onChange(v.length ? v : undefined)} maxValues={f.max} hidePickedOptions clearable />;
}

type VisitorRow = { name: string; company: string; email: string; phone: string };

function VisitorsField({ field: f, lang, value, onChange, errors, disabled }: FieldProps<FieldOf<'visitors'>>) {
  const { t } = useTranslation();
  const rows = (Array.isArray(value) ? value : []) as VisitorRow[];
  const need = new Set(['name', ...(f.requiredFields ?? [])]);
  const put = (i: number, k: keyof VisitorRow, v: string) => onChange(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const remove = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  const full = f.max !== undefined && rows.length >= f.max;
  const label = useLabel()(f, lang, f.required || (f.min ?? 0) > 0);
  return (
    <Group2 label={label} description={txt(f.help, lang)} required={f.required || (f.min ?? 0) > 0} error={errors.own}>
      <Stack gap="xs">
        {rows.map((r, i) => (
          <Card key={i} withBorder padding="sm" radius="md" aria-label={t('catalogue.form.visitorN', { n: i + 1 })} component="fieldset" style={{ margin: 0 }}>
            <Group justify="space-between" mb={4} wrap="nowrap">
              <Text size="sm" fw={500} component="legend">
                {t('catalogue.form.visitorN', { n: i + 1 })}
              </Text>
              <ActionIcon variant="subtle" color="gray" onClick={() => remove(i)} aria-label={t('catalogue.form.removeVisitor', { n: i + 1 })} disabled={disabled}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
            {errors.parts.get(String(i)) && (
              <Text size="xs" c="red" mb={4}>
                {errors.parts.get(String(i))}
              </Text>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              {(['name', 'company', 'email', 'phone'] as const).map((k) => (
                <TextInput
                  key={k}
                  size="sm"
                  label={need.has(k) ? t(`catalogue.form.visitor.${k}`) : `${t(`catalogue.form.visitor.${k}`)} (${t('catalogue.form.optional')})`}
                  required={need.has(k)}
                  type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
                  autoComplete="off"
                  value={r[k] ?? ''}
                  onChange={(e) => put(i, k, e.currentTarget.value)}
                  error={errors.parts.get(`${i}.${k}`)}
                  disabled={disabled}
                />
              ))}
            </SimpleGrid>
          </Card>
        ))}
        <Group>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...rows, { name: '', company: '', email: '', phone: '' }])} disabled={disabled || full}>
            {t('catalogue.form.addVisitor')}
          </Button>
          {f.max !== undefined && (
            <Text size="xs" c="dimmed">
              {t('catalogue.form.ofMax', { n: rows.length, max: f.max })}
            </Text>
          )}
        </Group>
      </Stack>
    </Group2>
  );
}

function FileField({ field: f, lang, value, onChange, errors, preview, disabled, fileNames }: FieldProps<FieldOf<'file'>>) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const ids = asList(value);
  const [names, setNames] = useState<Record<string, string>>(fileNames ?? {});
  const [busy, setBusy] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const max = f.maxFiles ?? 1;
  const add = async (files: File[]) => {
    setProblem(null);
    const room = max - ids.length;
    const chosen = files.slice(0, room);
    if (files.length > room) setProblem(t('catalogue.form.tooManyFiles', { max }));
    const next = [...ids];
    for (const file of chosen) {
      if (!fileAccepts(f.accept, { name: file.name, contentType: file.type })) {
        setProblem(t('catalogue.form.fileType', { name: file.name, accept: (f.accept ?? []).join(', ') }));
        continue;
      }
      setBusy((n) => n + 1);
      try {
        const up = await uploadOrderFile(file);
        next.push(up.id);
        setNames((m) => ({ ...m, [up.id]: up.name }));
        onChange([...next]);
      } catch (e) {
        setProblem(`${file.name}: ${message(e)}`);
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };
  const label = useLabel()(f, lang);
  const parts = [...errors.parts.values()];
  return (
    <Group2 label={label} description={[txt(f.help, lang), f.accept?.length ? t('catalogue.form.accepts', { types: f.accept.join(', ') }) : null].filter(Boolean).join(' ') || undefined} required={f.required} error={errors.own ?? parts[0]}>
      <Stack gap={6}>
        {ids.map((id) => (
          <Group key={id} gap="xs" wrap="nowrap">
            <IconPaperclip size={14} aria-hidden />
            <Text size="sm" truncate>
              {names[id] ?? t('catalogue.form.uploadedFile')}
            </Text>
            <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => onChange(ids.length > 1 ? ids.filter((x) => x !== id) : undefined)} aria-label={t('catalogue.form.removeFile', { name: names[id] ?? '' })} disabled={disabled}>
              <IconX size={14} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group gap="xs">
          <FileButton onChange={(fs) => void add(fs === null ? [] : Array.isArray(fs) ? fs : [fs])} multiple={max > 1} accept={f.accept?.join(',')} disabled={disabled || preview || ids.length >= max || busy > 0}>
            {(p) => (
              <Button {...p} variant="default" size="xs" leftSection={busy ? <Loader size={12} /> : <IconPaperclip size={14} aria-hidden />}>
                {busy ? t('catalogue.form.uploading') : max > 1 ? t('catalogue.form.chooseFiles', { max }) : t('catalogue.form.chooseFile')}
              </Button>
            )}
          </FileButton>
          {preview && (
            <Text size="xs" c="dimmed">
              {t('catalogue.form.previewNoUpload')}
            </Text>
          )}
        </Group>
        {problem && (
          <Alert color="red" variant="light" p="xs" role="alert">
            <Text size="sm">{problem}</Text>
          </Alert>
        )}
      </Stack>
    </Group2>
  );
}
