import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { useSetOrgMfa } from './mutations';
import type { Org } from './queries';

const MIN_REASON = 5;

/** Turning the second-factor requirement of a customer on, or off with a reason for the audit log. */
export function MfaModal({ org, onClose }: { org: Org; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const relax = org.mfaRequired;
  const set = useSetOrgMfa(org.id, {
    onSuccess: (o) => {
      notifications.show({ color: 'teal', message: o.mfaRequired ? t('orgs.nowRequired', { name: o.name }) : t('orgs.nowRelaxed', { name: o.name }) });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!relax) return set.mutate({ mfaRequired: true });
    const short = reason.trim().length < MIN_REASON;
    setTooShort(short);
    if (!short) set.mutate({ mfaRequired: false, reason: reason.trim() });
  };
  return (
    <Modal opened onClose={onClose} title={relax ? t('orgs.relaxTitle', { name: org.name }) : t('orgs.requireTitle', { name: org.name })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {relax ? (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
              {t('orgs.relaxText')}
            </Alert>
          ) : (
            <Text size="sm">{t('orgs.requireText')}</Text>
          )}
          {!onlyFieldErrors(set.error, ['reason']) && <ErrorAlert error={set.error} />}
          {relax && (
            <Textarea
              label={t('orgs.reason')}
              description={t('orgs.reasonHint', { min: MIN_REASON })}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={tooShort ? t('orgs.reasonTooShort', { min: MIN_REASON }) : fieldError(set.error, 'reason')}
              minRows={2}
              maxLength={500}
              autosize
              data-autofocus
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={relax ? 'red' : undefined} loading={set.isPending}>
              {relax ? t('orgs.relax') : t('orgs.require')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
