import { Alert, Button, Card, PasswordInput, Select, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../ui/api';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { LANGUAGES, setLanguage } from '../../ui/i18n';
import { meQuery, type Me } from '../auth/queries';
import { MIN_PASSWORD, useNewPasswordForm } from '../auth/password-pages';

const ZONES = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/Oslo', 'Europe/Berlin', 'Europe/Moscow'];

export function DetailsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useForm({ initialValues: { name: me.name, locale: me.locale, timeZone: me.timeZone } });
  const save = useMutation({
    mutationFn: (v: typeof form.values) => patch<Me>('/api/v1/me', v),
    onSuccess: async (updated) => {
      await qc.invalidateQueries({ queryKey: meQuery.queryKey });
      setLanguage(updated.locale);
      notifications.show({ color: 'teal', message: t('profile.saved') });
    },
  });
  return (
    <Card withBorder padding="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h4">
            {t('profile.details')}
          </Title>
          <ErrorAlert error={save.error} />
          <TextInput label={t('profile.name')} required {...form.getInputProps('name')} error={fieldError(save.error, 'name')} />
          <TextInput label={t('auth.email')} value={me.email} readOnly />
          <Select label={t('common.language')} data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))} allowDeselect={false} {...form.getInputProps('locale')} />
          <Select label={t('profile.timeZone')} data={ZONES} searchable allowDeselect={false} {...form.getInputProps('timeZone')} error={fieldError(save.error, 'timeZone')} />
          <Button type="submit" loading={save.isPending} w="fit-content">
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function EmailSection() {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { newEmail: '', password: '' } });
  const change = useMutation({ mutationFn: (v: typeof form.values) => post('/api/v1/me/email', v), onSuccess: () => form.reset() });
  return (
    <Card withBorder padding="lg">
      <form onSubmit={form.onSubmit((v) => change.mutate(v))}>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h4">
            {t('profile.changeEmail')}
          </Title>
          {change.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {t('profile.emailConfirmSent')}
            </Alert>
          )}
          <ErrorAlert error={change.error} />
          <TextInput label={t('profile.newEmail')} type="email" required {...form.getInputProps('newEmail')} error={fieldError(change.error, 'newEmail')} />
          <PasswordInput label={t('profile.currentPassword')} autoComplete="current-password" required {...form.getInputProps('password')} error={fieldError(change.error, 'password')} />
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
  const current = useForm({ initialValues: { currentPassword: '' } });
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => post('/api/auth/change-password', v),
    onSuccess: () => {
      form.reset();
      current.reset();
      notifications.show({ color: 'teal', message: t('profile.passwordChanged') });
    },
  });
  const submit = form.onSubmit((v) => change.mutate({ currentPassword: current.values.currentPassword, newPassword: v.password }));
  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit}>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h4">
            {t('profile.password')}
          </Title>
          <ErrorAlert error={change.error} />
          <PasswordInput label={t('profile.currentPassword')} autoComplete="current-password" required {...current.getInputProps('currentPassword')} />
          <PasswordInput label={t('auth.newPassword')} description={t('auth.passwordHint', { min: MIN_PASSWORD })} autoComplete="new-password" required {...form.getInputProps('password')} />
          <PasswordInput label={t('auth.repeatPassword')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
          <Button type="submit" loading={change.isPending} w="fit-content">
            {t('profile.changePassword')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
