import { Alert, Button, Divider, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { EMAIL_PATTERN } from '../auth/sign-in-page';
import { useCreateOrg } from './mutations';

/** A new customer organisation and the invitation of its first administrator, in one step. */
export function CreateOrgModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { name: '', adminName: '', adminEmail: '' },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('orgs.nameRequired')),
      adminName: (v) => (v.trim() ? null : t('users.nameRequired')),
      adminEmail: (v) => (EMAIL_PATTERN.test(v.trim()) ? null : t('auth.emailInvalid')),
    },
  });
  const create = useCreateOrg();
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = form.onSubmit((v) => create.mutate({ name: v.name.trim(), admin: { name: v.adminName.trim(), email: v.adminEmail.trim() } }));
  return (
    <Modal opened={opened} onClose={close} title={t('orgs.create')}>
      {create.isSuccess ? (
        <Stack>
          <Alert color="teal" variant="light" role="status">
            {t('orgs.created', { name: create.data.name, email: create.variables.admin.email })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>{t('common.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {!onlyFieldErrors(create.error, ['name', 'admin.name', 'admin.email']) && <ErrorAlert error={create.error} />}
            <TextInput label={t('orgs.name')} required data-autofocus maxLength={120} {...form.getInputProps('name')} error={form.errors.name ?? fieldError(create.error, 'name')} />
            <Divider label={t('orgs.firstAdmin')} labelPosition="left" mt="xs" />
            <Text size="sm" c="dimmed">
              {t('orgs.firstAdminText')}
            </Text>
            <TextInput label={t('orgs.adminName')} required maxLength={120} {...form.getInputProps('adminName')} error={form.errors.adminName ?? fieldError(create.error, 'admin.name')} />
            <TextInput label={t('orgs.adminEmail')} type="email" required maxLength={254} {...form.getInputProps('adminEmail')} error={form.errors.adminEmail ?? fieldError(create.error, 'admin.email')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('orgs.createAndInvite')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
