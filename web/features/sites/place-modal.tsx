import { Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { LOCATION_KINDS, type LocationDto, type LocationKind, type RackDto, type RegionDto, type SiteDto, type SitesTreeDto } from '../../../contracts/sites';
import { ApiError } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { useSavePlace, type PlaceType } from './mutations';
import { subtreeIds } from './tree';

/** What the dialog edits: a new place (with where it goes) or an existing one. */
export type PlaceEdit =
  | { type: 'region'; existing?: RegionDto }
  | { type: 'site'; existing?: SiteDto; regionId?: string }
  | { type: 'location'; existing?: LocationDto; siteId: string; parentId?: string | null }
  | { type: 'rack'; existing?: RackDto; siteId: string; locationId?: string };

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const TOP = '__top__';
const timeZones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Oslo', 'Europe/Berlin', 'Europe/London', 'UTC'];
  }
})();

/** Creates or edits a region, site, location or rack. */
export function PlaceModal({ edit, tree, onClose }: { edit: PlaceEdit | null; tree: SitesTreeDto; onClose: () => void }) {
  const { t } = useTranslation();
  const title = edit ? t(`sites.dialog.${edit.existing ? 'edit' : 'add'}.${edit.type}`, { name: edit.existing ? nameOf(edit) : '' }) : '';
  return (
    <Modal opened={!!edit} onClose={onClose} title={title} size="lg">
      {edit && <PlaceForm key={`${edit.type}-${edit.existing?.id ?? 'new'}`} edit={edit} tree={tree} onClose={onClose} />}
    </Modal>
  );
}

const nameOf = (e: PlaceEdit) => (e.type === 'rack' ? e.existing?.code : e.type === 'site' ? `${e.existing?.code} · ${e.existing?.name}` : e.existing?.name) ?? '';

type Values = { regionId: string; code: string; name: string; address: string; country: string; timeZone: string; kind: LocationKind; parentId: string; locationId: string; sort: number | string; units: number | string; powerKw: number | string; notes: string };

function PlaceForm({ edit, tree, onClose }: { edit: PlaceEdit; tree: SitesTreeDto; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSavePlace();
  const e = edit.existing as Partial<RegionDto & SiteDto & LocationDto & RackDto> | undefined;
  const siteId = edit.type === 'location' || edit.type === 'rack' ? edit.siteId : undefined;
  const form = useForm<Values>({
    initialValues: {
      regionId: e?.regionId ?? (edit.type === 'site' ? (edit.regionId ?? '') : ''),
      code: e?.code ?? '',
      name: e?.name ?? '',
      address: e?.address ?? '',
      country: e?.country ?? '',
      timeZone: e?.timeZone ?? '',
      kind: e?.kind ?? 'cage',
      parentId: (edit.type === 'location' ? (e?.parentId ?? edit.parentId) : null) ?? TOP,
      locationId: e?.locationId ?? (edit.type === 'rack' ? (edit.locationId ?? '') : ''),
      sort: e?.sort ?? 0,
      units: e?.units ?? 42,
      powerKw: e?.powerKw ?? '',
      notes: e?.notes ?? '',
    },
    validate: {
      code: (v) => (CODE.test(v.trim()) && v.trim().length <= 32 ? null : t('sites.dialog.codeInvalid')),
      name: (v) => (edit.type === 'rack' || (v.trim() && v.trim().length <= 120) ? null : t('sites.dialog.nameRequired')),
      regionId: (v) => (edit.type !== 'site' || v ? null : t('sites.dialog.regionRequired')),
      country: (v) => (edit.type !== 'site' || /^[A-Z]{2}$/.test(v.trim()) ? null : t('sites.dialog.countryInvalid')),
      timeZone: (v) => (edit.type !== 'site' || v ? null : t('sites.dialog.timeZoneRequired')),
      locationId: (v) => (edit.type !== 'rack' || v ? null : t('sites.dialog.locationRequired')),
      units: (v) => (edit.type !== 'rack' || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 60) ? null : t('sites.dialog.unitsInvalid')),
      powerKw: (v) => (edit.type !== 'rack' || v === '' || (Number(v) >= 0 && Number(v) <= 1000) ? null : t('sites.dialog.powerInvalid')),
    },
  });
  const serverError = save.error instanceof ApiError ? save.error : null;
  const fieldMsg = (field: string) => {
    if (!serverError) return undefined;
    if (field === 'code' && serverError.code === 'CODE_TAKEN') return t('sites.dialog.codeTaken');
    return serverError.fieldError(field);
  };
  const shownFields = ['code', 'name', 'regionId', 'address', 'country', 'timeZone', 'kind', 'parentId', 'locationId', 'sort', 'units', 'powerKw', 'notes'];
  const generalError = serverError && !(serverError.code === 'CODE_TAKEN' || (serverError.errors.length > 0 && serverError.errors.every((x) => shownFields.some((f) => x.path === `body.${f}`))));

  // Parents of a location: the site's locations except itself and what lies below it.
  const excluded = edit.type === 'location' && edit.existing ? subtreeIds(tree, edit.existing.id) : new Set<string>();
  const siteLocations = tree.locations.filter((l) => l.siteId === siteId);
  const parentOptions = [{ value: TOP, label: t('sites.dialog.topOfSite') }, ...siteLocations.filter((l) => !excluded.has(l.id)).map((l) => ({ value: l.id, label: l.path }))];
  const rackLocations = siteLocations.map((l) => ({ value: l.id, label: l.path }));

  const submit = form.onSubmit((v) => {
    const trimmed = { code: v.code.trim(), name: v.name.trim() };
    let body: Record<string, unknown>;
    let type: PlaceType = edit.type;
    switch (edit.type) {
      case 'region':
        body = trimmed;
        break;
      case 'site':
        body = { ...trimmed, regionId: v.regionId, address: v.address.trim(), country: v.country.trim(), timeZone: v.timeZone };
        break;
      case 'location':
        body = { ...trimmed, kind: v.kind, parentId: v.parentId === TOP ? null : v.parentId, sort: Number(v.sort) || 0, ...(edit.existing ? {} : { siteId: edit.siteId }) };
        break;
      case 'rack':
        type = 'rack';
        body = { code: trimmed.code, locationId: v.locationId, units: Number(v.units), powerKw: v.powerKw === '' ? null : Number(v.powerKw), notes: v.notes.trim() };
        break;
    }
    save.mutate(
      { type, id: edit.existing?.id, body },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('sites.saved') });
          onClose();
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {generalError && <ErrorAlert error={serverError} />}
        {edit.type === 'site' && (
          <Select
            label={t('sites.fields.region')}
            required
            data={tree.regions.map((r) => ({ value: r.id, label: `${r.name} (${r.code})` }))}
            allowDeselect={false}
            {...form.getInputProps('regionId')}
            error={form.errors.regionId ?? fieldMsg('regionId')}
          />
        )}
        {edit.type === 'location' && (
          <Select
            label={t('sites.fields.kind')}
            required
            data={LOCATION_KINDS.map((k) => ({ value: k, label: t(`sites.kinds.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
            error={form.errors.kind ?? fieldMsg('kind')}
          />
        )}
        <Group grow align="flex-start" wrap="wrap" gap="sm">
          <TextInput
            label={t('sites.fields.code')}
            description={t(`sites.dialog.codeHint.${edit.type}`)}
            required
            maxLength={32}
            {...form.getInputProps('code')}
            error={form.errors.code ?? fieldMsg('code')}
            miw={180}
          />
          {edit.type !== 'rack' && (
            <TextInput label={t('sites.fields.name')} description={t(`sites.dialog.nameHint.${edit.type}`)} required maxLength={120} {...form.getInputProps('name')} error={form.errors.name ?? fieldMsg('name')} miw={220} />
          )}
        </Group>
        {edit.type === 'site' && (
          <>
            <Textarea label={t('sites.fields.address')} autosize minRows={2} maxLength={500} {...form.getInputProps('address')} error={fieldMsg('address')} />
            <Group grow align="flex-start" wrap="wrap" gap="sm">
              <TextInput
                label={t('sites.fields.country')}
                description={t('sites.dialog.countryHint')}
                required
                maxLength={2}
                {...form.getInputProps('country')}
                onChange={(ev) => form.setFieldValue('country', ev.currentTarget.value.toUpperCase())}
                error={form.errors.country ?? fieldMsg('country')}
                miw={160}
              />
              <Select
                label={t('sites.fields.timeZone')}
                required
                searchable
                data={timeZones}
                limit={50}
                {...form.getInputProps('timeZone')}
                error={form.errors.timeZone ?? fieldMsg('timeZone')}
                miw={200}
              />
            </Group>
          </>
        )}
        {edit.type === 'location' && (
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <Select
              label={t('sites.fields.parent')}
              description={t('sites.dialog.parentHint')}
              searchable
              data={parentOptions}
              allowDeselect={false}
              {...form.getInputProps('parentId')}
              error={form.errors.parentId ?? fieldMsg('parentId')}
              miw={240}
            />
            <NumberInput label={t('sites.fields.sort')} description={t('sites.dialog.sortHint')} min={0} max={100000} allowDecimal={false} {...form.getInputProps('sort')} error={fieldMsg('sort')} miw={120} />
          </Group>
        )}
        {edit.type === 'rack' && (
          <>
            <Select
              label={t('sites.fields.location')}
              required
              searchable
              data={rackLocations}
              allowDeselect={false}
              {...form.getInputProps('locationId')}
              error={form.errors.locationId ?? fieldMsg('locationId')}
            />
            <Group grow align="flex-start" wrap="wrap" gap="sm">
              <NumberInput label={t('sites.fields.units')} required min={1} max={60} allowDecimal={false} {...form.getInputProps('units')} error={form.errors.units ?? fieldMsg('units')} miw={140} />
              <NumberInput label={t('sites.fields.powerKw')} description={t('sites.dialog.powerHint')} min={0} max={1000} decimalScale={2} {...form.getInputProps('powerKw')} error={form.errors.powerKw ?? fieldMsg('powerKw')} miw={140} />
            </Group>
            <Textarea label={t('sites.fields.notes')} autosize minRows={2} maxLength={2000} {...form.getInputProps('notes')} error={fieldMsg('notes')} />
          </>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {edit.existing ? t('common.save') : t('sites.dialog.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
