import { Alert, Button, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../../ui/api';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { LANGUAGES } from '../../ui/i18n';

export function InviteModal({ opened, onClose, orgId, orgKind }: { opened: boolean; onClose: () => void; orgId?: string; orgKind: 'provider' | 'customer' }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const roles = orgKind === 'provider' ? ['provider_agent', 'provider_admin'] : ['customer_user', 'customer_admin'];
  const form = useForm({
    initialValues: { name: '', email: '', role: roles[0]!, locale: i18n.language },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t('auth.emailInvalid')), name: (v) => (v.trim() ? null : t('users.nameRequired')) },
  });
  const invite = useMutation({
    mutationFn: (v: typeof form.values) => post('/api/v1/users/invite', { ...v, ...(orgId ? { orgId } : {}) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const close = () => {
    form.reset();
    invite.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('users.invite')}>
      {invite.isSuccess ? (
        <Stack>
          <Alert color="teal" variant="light" role="status">
            {t('users.invited', { email: invite.variables?.email })}
          </Alert>
          <Button onClick={close}>{t('common.done')}</Button>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => invite.mutate(v))} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={invite.error} />
            <TextInput label={t('users.name')} required {...form.getInputProps('name')} error={form.errors.name ?? fieldError(invite.error, 'name')} />
            <TextInput label={t('auth.email')} type="email" required {...form.getInputProps('email')} error={form.errors.email ?? fieldError(invite.error, 'email')} />
            <Select label={t('users.role')} data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} allowDeselect={false} {...form.getInputProps('role')} error={fieldError(invite.error, 'role')} />
            <Select label={t('users.mailLanguage')} data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))} allowDeselect={false} {...form.getInputProps('locale')} />
            <Button type="submit" loading={invite.isPending}>
              {t('users.sendInvitation')}
            </Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
