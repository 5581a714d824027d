import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconKey, IconMailForward, IconUserCheck, IconUserCog, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DELEGABLE_PERMISSIONS, type DelegablePermission, type Role } from '../../../contracts/permissions';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, useErrorMessage } from '../../ui/errors';
import { rolesOf } from './invite-modal';
import { useResendInvitation, useUpdateUser } from './mutations';
import type { User } from './queries';

const isDelegable = (p: string): p is DelegablePermission => (DELEGABLE_PERMISSIONS as readonly string[]).includes(p);

/** Row actions on a user, as far as the server's abilities allow: role, delegation, (de)activation, new invitation. */
export function UserActions({ user, orgKind, canInvite }: { user: User; orgKind: 'provider' | 'customer'; canInvite: boolean }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const [dialog, setDialog] = useState<'role' | 'delegate' | 'deactivate' | null>(null);
  const [role, setRole] = useState<Role>(user.role);
  const [granted, setGranted] = useState<DelegablePermission[]>(user.grantedPermissions.filter(isDelegable));
  const done = () => {
    setDialog(null);
    notifications.show({ color: 'teal', message: t('users.updated', { name: user.name }) });
  };
  const update = useUpdateUser(user.id, { onSuccess: done });
  const resend = useResendInvitation(user.id, { onSuccess: () => notifications.show({ color: 'teal', message: t('users.invited', { email: user.email }) }) });
  const open = (d: 'role' | 'delegate' | 'deactivate') => {
    update.reset();
    setRole(user.role);
    setGranted(user.grantedPermissions.filter(isDelegable));
    setDialog(d);
  };
  const reactivate = () => update.mutate({ status: 'active' }, { onError: (e) => notifications.show({ color: 'red', message: message(e) }) });
  const { changeRole, deactivate, delegate } = user.abilities;
  const canResend = canInvite && user.status === 'invited';
  if (!changeRole && !deactivate && !delegate && !canResend) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('users.actionsFor', { name: user.name })}>
            <IconDots size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {changeRole && (
            <Menu.Item leftSection={<IconUserCog size={16} aria-hidden />} onClick={() => open('role')}>
              {t('users.changeRole')}
            </Menu.Item>
          )}
          {delegate && (
            <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => open('delegate')}>
              {t('users.delegate')}
            </Menu.Item>
          )}
          {canResend && (
            <Menu.Item leftSection={<IconMailForward size={16} aria-hidden />} onClick={() => resend.mutate(undefined, { onError: (e) => notifications.show({ color: 'red', message: message(e) }) })}>
              {t('users.resend')}
            </Menu.Item>
          )}
          {deactivate && user.status !== 'deactivated' && (
            <Menu.Item c="red.8" leftSection={<IconUserOff size={16} aria-hidden />} onClick={() => open('deactivate')}>
              {t('users.deactivate')}
            </Menu.Item>
          )}
          {deactivate && user.status === 'deactivated' && (
            <Menu.Item leftSection={<IconUserCheck size={16} aria-hidden />} onClick={reactivate}>
              {t('users.reactivate')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>

      <Modal opened={dialog === 'role'} onClose={() => setDialog(null)} title={t('users.changeRoleOf', { name: user.name })}>
        <Stack>
          <ErrorAlert error={update.error} />
          <Radio.Group label={t('users.role')} value={role} onChange={(v) => setRole(rolesOf(orgKind).find((r) => r === v) ?? role)}>
            <Stack gap="sm" mt="xs">
              {rolesOf(orgKind).map((r) => (
                <Radio key={r} value={r} label={t(`roles.${r}`)} description={t(`roleText.${r}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => update.mutate({ role })} loading={update.isPending} disabled={role === user.role}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={dialog === 'delegate'} onClose={() => setDialog(null)} title={t('users.delegateTo', { name: user.name })} size="lg">
        <Stack>
          <Text size="sm" c="dimmed">
            {t('users.delegateText')}
          </Text>
          <ErrorAlert error={update.error} />
          <Checkbox.Group value={granted} onChange={(v) => setGranted(v.filter(isDelegable))} label={t('users.permissions')}>
            <Stack gap="sm" mt="xs">
              {DELEGABLE_PERMISSIONS.map((p) => (
                <Checkbox key={p} value={p} label={t(`permissions.${p}.label`)} description={t(`permissions.${p}.description`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => update.mutate({ grantedPermissions: granted })} loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <ConfirmModal
        opened={dialog === 'deactivate'}
        onClose={() => setDialog(null)}
        title={t('users.deactivateTitle', { name: user.name })}
        message={t('users.deactivateText', { name: user.name })}
        confirmLabel={t('users.deactivate')}
        onConfirm={() => update.mutateAsync({ status: 'deactivated' })}
      />
    </>
  );
}
