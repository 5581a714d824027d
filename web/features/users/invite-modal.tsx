import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../contracts/permissions';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { LANGUAGES } from '../../ui/i18n';
import { EMAIL_PATTERN } from '../auth/sign-in-page';
import { useInviteUser } from './mutations';

export const rolesOf = (kind: 'provider' | 'customer'): Role[] => (kind === 'provider' ? ['provider_agent', 'provider_admin'] : ['customer_user', 'customer_admin']);

/** Invites a person into an organisation (the caller's own, or orgId for provider admins). */
export function InviteModal({ opened, onClose, orgId, orgKind, orgName }: { opened: boolean; onClose: () => void; orgId?: string; orgKind: 'provider' | 'customer'; orgName: string }) {
  const { t, i18n } = useTranslation();
  const roles = rolesOf(orgKind);
  const form = useForm({
    initialValues: { name: '', email: '', role: roles[0]!, locale: i18n.language },
    validate: {
      name: (v) => (v.trim() ? null : t('users.nameRequired')),
      email: (v) => (EMAIL_PATTERN.test(v.trim()) ? null : t('auth.emailInvalid')),
    },
  });
  const invite = useInviteUser();
  const close = () => {
    form.reset();
    invite.reset();
    onClose();
  };
  const submit = form.onSubmit((v) => invite.mutate({ name: v.name.trim(), email: v.email.trim(), role: v.role, locale: v.locale, ...(orgId ? { orgId } : {}) }));
  return (
    <Modal opened={opened} onClose={close} title={t('users.inviteTo', { org: orgName })}>
      {invite.isSuccess ? (
        <Stack>
          <Alert color="teal" variant="light" role="status">
            {t('users.invited', { email: invite.variables.email })}
          </Alert>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                form.reset();
                invite.reset();
              }}
            >
              {t('users.inviteAnother')}
            </Button>
            <Button onClick={close}>{t('common.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {!onlyFieldErrors(invite.error, ['name', 'email', 'role', 'locale']) && <ErrorAlert error={invite.error} />}
            <TextInput label={t('users.name')} required data-autofocus maxLength={120} {...form.getInputProps('name')} error={form.errors.name ?? fieldError(invite.error, 'name')} />
            <TextInput label={t('auth.email')} type="email" required maxLength={254} {...form.getInputProps('email')} error={form.errors.email ?? fieldError(invite.error, 'email')} />
            <Select
              label={t('users.role')}
              data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              allowDeselect={false}
              {...form.getInputProps('role')}
              error={fieldError(invite.error, 'role')}
            />
            <Select
              label={t('users.mailLanguage')}
              data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
              allowDeselect={false}
              {...form.getInputProps('locale')}
              error={fieldError(invite.error, 'locale')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={invite.isPending}>
                {t('users.sendInvitation')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
