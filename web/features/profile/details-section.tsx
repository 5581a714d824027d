import { Alert, Button, Card, PasswordInput, Select, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMemo, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { LANGUAGES, setLanguage, type Language } from '../../ui/i18n';
import { MIN_PASSWORD, NewPasswordFields, useNewPasswordForm } from '../auth/password-pages';
import type { Me } from '../auth/queries';
import { EMAIL_PATTERN } from '../auth/sign-in-page';
import { useChangeEmail, useChangePassword, useUpdateMe } from './mutations';

/** Every IANA zone this browser knows, labelled with its current UTC offset: "Europe/Oslo (GMT+1)". */
function useTimeZones(current: string) {
  return useMemo(() => {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    zones.add('UTC');
    zones.add(current);
    const now = new Date();
    return [...zones].sort().map((zone) => {
      const offset = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value;
      return { value: zone, label: offset ? `${zone.replace(/_/g, ' ')} (${offset})` : zone };
    });
  }, [current]);
}

export function DetailsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const zones = useTimeZones(me.timeZone);
  const form = useForm({
    initialValues: { name: me.name, locale: me.locale as Language, timeZone: me.timeZone },
    validate: { name: (v) => (v.trim() ? null : t('users.nameRequired')) },
  });
  const save = useUpdateMe({
    onSuccess: (updated) => {
      setLanguage(updated.locale);
      form.resetDirty({ name: updated.name, locale: updated.locale, timeZone: updated.timeZone });
      notifications.show({ color: 'teal', message: t('profile.saved') });
    },
  });
  return (
    <Card withBorder padding="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate({ name: v.name.trim(), locale: v.locale, timeZone: v.timeZone }))} noValidate>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h4">
            {t('profile.details')}
          </Title>
          {!onlyFieldErrors(save.error, ['name', 'locale', 'timeZone']) && <ErrorAlert error={save.error} />}
          <TextInput label={t('profile.name')} required autoComplete="name" maxLength={120} {...form.getInputProps('name')} error={form.errors.name ?? fieldError(save.error, 'name')} />
          <TextInput label={t('auth.email')} value={me.email} readOnly description={t('profile.emailBelow')} />
          <Select
            label={t('common.language')}
            data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
            allowDeselect={false}
            {...form.getInputProps('locale')}
            error={fieldError(save.error, 'locale')}
          />
          <Select
            label={t('profile.timeZone')}
            description={t('profile.timeZoneHint')}
            data={zones}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('common.nothingFound')}
            limit={100}
            {...form.getInputProps('timeZone')}
            error={fieldError(save.error, 'timeZone')}
          />
          <Button type="submit" loading={save.isPending} w="fit-content" disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function EmailSection() {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { newEmail: '', password: '' },
    validate: { newEmail: (v) => (EMAIL_PATTERN.test(v.trim()) ? null : t('auth.emailInvalid')), password: (v) => (v ? null : t('auth.passwordRequired')) },
  });
  const change = useChangeEmail({ onSuccess: () => form.reset() });
  return (
    <Card withBorder padding="lg">
      <form onSubmit={form.onSubmit((v) => change.mutate({ newEmail: v.newEmail.trim(), password: v.password }))} noValidate>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h4">
            {t('profile.changeEmail')}
          </Title>
          {change.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {t('profile.emailConfirmSent')}
            </Alert>
          )}
          {!onlyFieldErrors(change.error, ['newEmail', 'password']) && <ErrorAlert error={change.error} />}
          <TextInput label={t('profile.newEmail')} type="email" autoComplete="email" required {...form.getInputProps('newEmail')} error={form.errors.newEmail ?? fieldError(change.error, 'newEmail')} />
          <PasswordInput label={t('profile.currentPassword')} autoComplete="current-password" required {...form.getInputProps('password')} error={form.errors.password ?? fieldError(change.error, 'password')} />
          <Button type="submit" loading={change.isPending} w="fit-content">
            {t('profile.sendConfirmation')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function PasswordSection() {
  const { t } = useTranslation();
  const form = useNewPasswordForm();
  const current = useForm({ initialValues: { currentPassword: '' }, validate: { currentPassword: (v) => (v ? null : t('auth.passwordRequired')) } });
  const change = useChangePassword({
    onSuccess: () => {
      form.reset();
      current.reset();
      notifications.show({ color: 'teal', message: t('profile.passwordChanged') });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const invalid = [current.validate().hasErrors, form.validate().hasErrors].some(Boolean);
    if (!invalid) change.mutate({ currentPassword: current.values.currentPassword, newPassword: form.values.password });
  };
  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h4">
            {t('profile.password')}
          </Title>
          <ErrorAlert error={change.error} />
          <PasswordInput label={t('profile.currentPassword')} autoComplete="current-password" required {...current.getInputProps('currentPassword')} />
          <NewPasswordFields form={form} />
          <Alert variant="light" color="gray">
            {t('profile.passwordEffect', { min: MIN_PASSWORD })}
          </Alert>
          <Button type="submit" loading={change.isPending} w="fit-content">
            {t('profile.changePassword')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
