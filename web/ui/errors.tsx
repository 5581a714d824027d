import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** The translated message of an error: t('errors.<CODE>'), falling back to the server's detail. */
export function useErrorMessage() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      const key = `errors.${error.code}`;
      const msg = i18n.exists(key) ? t(key) : error.detail;
      return error.retryAfter ? `${msg} ${t('errors.retryAfter', { seconds: error.retryAfter })}` : msg;
    }
    if (error instanceof Error && error.message) return error.message;
    return t('errors.INTERNAL');
  };
}

/** An inline alert for a failed request (nothing when there is no error). */
export function ErrorAlert({ error }: { error: unknown }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
      {message(error)}
    </Alert>
  );
}

/** The field's server-side error, if the last failure named it. */
export const fieldError = (error: unknown, field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
