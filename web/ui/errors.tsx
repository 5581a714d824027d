import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { localeTag } from './format';

/** "in 30 seconds" / "через 2 минуты", in the UI language. */
function retryIn(seconds: number, lang: string): string {
  const rtf = new Intl.RelativeTimeFormat(localeTag(lang), { numeric: 'always' });
  return seconds > 90 ? rtf.format(Math.ceil(seconds / 60), 'minute') : rtf.format(seconds, 'second');
}

/** The translated message of an error: t('errors.<CODE>'), falling back to the server's detail. */
export function useErrorMessage() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      const key = `errors.${error.code}`;
      const msg = i18n.exists(key) ? t(key) : error.detail || t('errors.INTERNAL');
      return error.retryAfter ? `${msg} ${t('errors.retryAfter', { when: retryIn(error.retryAfter, i18n.language) })}` : msg;
    }
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

/** The server's message for one field of the last failed request, if it named that field. */
export const fieldError = (error: unknown, field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);

/** Whether the failure is only about fields that the form shows next to its inputs. */
export function onlyFieldErrors(error: unknown, fields: string[]): boolean {
  return error instanceof ApiError && error.code === 'VALIDATION_FAILED' && error.errors.length > 0 && error.errors.every((e) => fields.some((f) => e.path === `body.${f}` || e.path === f));
}
