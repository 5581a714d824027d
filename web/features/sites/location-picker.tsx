import { Group, MultiSelect, Select, Stack, Text, type ComboboxItem, type ComboboxLikeRenderOptionInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LocationRef, LocationRefKind } from '../../../contracts/sites';
import { useErrorMessage } from '../../ui/errors';
import { can, useCurrentUser } from '../auth/queries';
import { entitledQuery } from './queries';
import { pathInSite } from './tree';

export type LocationPickerProps = {
  label: string;
  value: string[];
  onChange(ids: string[]): void;
  multiple?: boolean;
  /** Whose locations: customers always their own; provider staff must name the organisation. */
  orgId?: string;
  /** Only this site's locations. */
  siteId?: string;
  error?: string;
  required?: boolean;
  description?: string;
  /** Only these kinds (e.g. cages and racks); all when omitted. */
  kinds?: LocationRefKind[];
  disabled?: boolean;
};

type Option = ComboboxItem & { ref: LocationRef };

/**
 * Picks one or more of the locations (and racks) the organisation may use, searchable, grouped by
 * site, each shown with its path. Reads GET /api/v1/locations/entitled.
 */
export function LocationPicker({ label, value, onChange, multiple = false, orgId, siteId, error, required, description, kinds, disabled }: LocationPickerProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const me = useCurrentUser();
  const staff = me.org.kind === 'provider';
  const needsOrg = staff && !orgId;
  const query = useQuery({ ...entitledQuery(staff ? orgId : undefined, siteId), enabled: !needsOrg && (!staff || can(me, 'orgs.read_all')) });
  const items = (query.data?.items ?? []).filter((r) => !kinds || kinds.includes(r.kind));
  const byId = new Map(items.map((r) => [r.id, r]));
  const sites = [...new Map(items.map((r) => [r.siteId, `${r.siteCode} · ${r.siteName}`])).entries()];
  const data = sites.map(([sid, group]) => ({
    group,
    items: items.filter((r) => r.siteId === sid).map((r): Option => ({ value: r.id, label: r.path, ref: r })),
  }));
  // A value that is no longer offered (revoked, deactivated) stays visible instead of silently vanishing.
  for (const v of value) if (!byId.has(v) && query.isSuccess) data.push({ group: t('sites.picker.unavailableGroup'), items: [{ value: v, label: t('sites.picker.unavailable'), ref: null as unknown as LocationRef }] });
  const renderOption = ({ option }: ComboboxLikeRenderOptionInput<ComboboxItem>) => {
    const ref = (option as Option).ref;
    if (!ref) return <Text size="sm">{option.label}</Text>;
    return (
      <Stack gap={0}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500}>
            {ref.name}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`sites.kinds.${ref.kind}`)}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {pathInSite(ref)}
        </Text>
      </Stack>
    );
  };
  const common = {
    label,
    description: needsOrg ? t('sites.picker.chooseOrgFirst') : description,
    required,
    searchable: true,
    clearable: !required || multiple,
    disabled: disabled || needsOrg,
    data,
    renderOption,
    nothingFoundMessage: query.isPending ? t('common.loading') : t('sites.picker.none'),
    placeholder: query.isSuccess && items.length === 0 ? t('sites.picker.noneEntitled') : t('sites.picker.placeholder'),
    error: error ?? (query.error ? message(query.error) : undefined),
    maxDropdownHeight: 320,
    comboboxProps: { withinPortal: true },
  };
  if (multiple) return <MultiSelect {...common} value={value} onChange={onChange} hidePickedOptions />;
  return <Select {...common} value={value[0] ?? null} onChange={(v) => onChange(v ? [v] : [])} allowDeselect={!required} />;
}
