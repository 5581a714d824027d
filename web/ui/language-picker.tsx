import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from './i18n';

/** Language choice before sign-in (signed-in users set theirs in the profile). */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('common.language')}
      size="xs"
      value={i18n.language}
      onChange={(e) => setLanguage(e.currentTarget.value)}
      data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
    />
  );
}
