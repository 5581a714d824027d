import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, onlyFieldErrors } from './errors';

type Props = {
  opened: boolean;
  onClose: () => void;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** Runs when confirmed; the dialog closes when it resolves and shows the error when it fails. */
  onConfirm: () => Promise<unknown>;
  danger?: boolean;
  /** Inputs under the message (a reason, …), given the last failure so they can show their field errors. */
  children?: (error: Error | null) => ReactNode;
  /** The fields those inputs show errors for: a failure only about them shows no alert of its own. */
  fields?: string[];
};

/** Asks before an action that cannot be undone from here (ending a session, revoking a token, …). */
export function ConfirmModal({ opened, onClose, title, message, confirmLabel, onConfirm, danger = true, children, fields = [] }: Props) {
  const { t } = useTranslation();
  const run = useMutation({ mutationFn: onConfirm, onSuccess: () => close() });
  function close() {
    run.reset();
    onClose();
  }
  return (
    <Modal opened={opened} onClose={close} title={title}>
      <Stack gap="md">
        <Text size="sm">{message}</Text>
        {children?.(run.error)}
        <ErrorAlert error={onlyFieldErrors(run.error, fields) ? null : run.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={run.isPending} onClick={() => run.mutate()} data-autofocus={children ? undefined : true}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
