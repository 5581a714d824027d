import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DELEGABLE_PERMISSIONS, ROLE_PERMISSIONS } from '../../../contracts/permissions';
import { DOCUMENT_LANGS, DOCUMENT_VISIBILITIES, type DocumentVisibility } from '../../../contracts/documents';

/** Permissions a customer member can hold: what a document may require. */
export const CUSTOMER_PERMISSIONS = [...new Set([...ROLE_PERMISSIONS.customer_admin, ...DELEGABLE_PERMISSIONS])].filter((p) => p !== 'profile.manage');

export function fileSize(n: number, lang: string): string {
  const [value, unit] = n < 1024 ? [n, 'B'] : n < 1024 * 1024 ? [n / 1024, 'KB'] : [n / 1024 / 1024, 'MB'];
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

export function useVisibilityLabel() {
  const { t } = useTranslation();
  return (visibility: DocumentVisibility, permission: string | null) =>
    visibility === 'permission' && permission ? t('documents.visibility.permissionNamed', { permission: t(`permissions.${permission}.label`, { defaultValue: permission }) }) : t(`documents.visibility.${visibility}`);
}

/** Visibility and the required permission, side by side (the permission only for "permission"). */
export function VisibilityFields(props: { visibility: DocumentVisibility; permission: string | null; onChange: (v: DocumentVisibility, p: string | null) => void; errors?: { visibility?: string; permission?: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        label={t('documents.visibility.label')}
        data={DOCUMENT_VISIBILITIES.map((v) => ({ value: v, label: t(`documents.visibility.${v}`) }))}
        value={props.visibility}
        onChange={(v) => v && props.onChange(v as DocumentVisibility, v === 'permission' ? props.permission : null)}
        allowDeselect={false}
        error={props.errors?.visibility}
      />
      {props.visibility === 'permission' && (
        <Select
          label={t('documents.visibility.requiredPermission')}
          data={CUSTOMER_PERMISSIONS.map((p) => ({ value: p, label: t(`permissions.${p}.label`, { defaultValue: p }) }))}
          value={props.permission}
          onChange={(p) => props.onChange('permission', p)}
          error={props.errors?.permission}
          required
        />
      )}
    </>
  );
}

export function LanguageSelect({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('documents.language')}
      data={DOCUMENT_LANGS.map((l) => ({ value: l, label: t(`documents.languages.${l}`) }))}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      error={error}
    />
  );
}
