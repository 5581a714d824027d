import { ActionIcon, Button, Checkbox, Menu, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconDots } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../ui/api';
import { ErrorAlert, useErrorMessage } from '../../ui/errors';
import type { User } from './queries';

const DELEGABLE = ['access.request', 'orders.approve', 'users.read', 'audit.read', 'tickets.read_org'] as const;

/** Row actions on a user: role, delegated permissions, deactivate/reactivate, resend invitation. */
export function UserActions({ user, orgKind }: { user: User; orgKind: 'provider' | 'customer' }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useErrorMessage();
  const [dialog, setDialog] = useState<'role' | 'delegate' | null>(null);
  const [role, setRole] = useState<string>(user.role);
  const [granted, setGranted] = useState<string[]>(user.grantedPermissions);
  const roles = orgKind === 'provider' ? ['provider_agent', 'provider_admin'] : ['customer_user', 'customer_admin'];
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) => patch<User>(`/api/v1/users/${user.id}`, body),
    onSuccess: async () => {
      setDialog(null);
      await qc.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'teal', message: t('users.updated', { name: user.name }) });
    },
    onError: (e) => {
      if (!dialog) notifications.show({ color: 'red', message: message(e) });
    },
  });
  const resend = useMutation({
    mutationFn: () => post(`/api/v1/users/${user.id}/resend-invitation`),
    onSuccess: () => notifications.show({ color: 'teal', message: t('users.invited', { email: user.email }) }),
    onError: (e) => notifications.show({ color: 'red', message: message(e) }),
  });
  const { changeRole, deactivate, delegate } = user.abilities;
  if (!changeRole && !deactivate && !delegate) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('users.actionsFor', { name: user.name })}>
            <IconDots size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {changeRole && <Menu.Item onClick={() => { setRole(user.role); setDialog('role'); }}>{t('users.changeRole')}</Menu.Item>}
          {delegate && <Menu.Item onClick={() => { setGranted(user.grantedPermissions); setDialog('delegate'); }}>{t('users.delegate')}</Menu.Item>}
          {user.status === 'invited' && <Menu.Item onClick={() => resend.mutate()}>{t('users.resend')}</Menu.Item>}
          {deactivate && user.status === 'active' && (
            <Menu.Item color="red" onClick={() => update.mutate({ status: 'deactivated' })}>
              {t('users.deactivate')}
            </Menu.Item>
          )}
          {deactivate && user.status === 'deactivated' && <Menu.Item onClick={() => update.mutate({ status: 'active' })}>{t('users.reactivate')}</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={dialog === 'role'} onClose={() => setDialog(null)} title={t('users.changeRoleOf', { name: user.name })}>
        <Stack>
          <ErrorAlert error={update.error} />
          <Select label={t('users.role')} data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={role} onChange={(v) => v && setRole(v)} allowDeselect={false} />
          <Button onClick={() => update.mutate({ role })} loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Stack>
      </Modal>
      <Modal opened={dialog === 'delegate'} onClose={() => setDialog(null)} title={t('users.delegateTo', { name: user.name })}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('users.delegateText')}
          </Text>
          <ErrorAlert error={update.error} />
          <Checkbox.Group value={granted} onChange={setGranted} label={t('users.permissions')}>
            <Stack gap="xs" mt="xs">
              {DELEGABLE.map((p) => (
                <Checkbox key={p} value={p} label={t(`permissions.${p}.label`)} description={t(`permissions.${p}.description`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Button onClick={() => update.mutate({ grantedPermissions: granted })} loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
