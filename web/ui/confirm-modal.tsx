import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './errors';

type Props = {
  opened: boolean;
  onClose: () => void;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** Runs when confirmed; the dialog closes when it resolves and shows the error when it fails. */
  onConfirm: () => Promise<unknown>;
  danger?: boolean;
};

/** Asks before an action that cannot be undone from here (ending a session, revoking a token, …). */
export function ConfirmModal({ opened, onClose, title, message, confirmLabel, onConfirm, danger = true }: Props) {
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
        <ErrorAlert error={run.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={run.isPending} onClick={() => run.mutate()} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
