import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../ui/api';
import type { After } from '../auth/mutations';
import type { Mail } from './queries';

/** Queues a failed message once more. */
export function useRetryMail(after?: After<Mail, string>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<Mail>(`/api/v1/mail/${id}/retry`, {}),
    onSuccess: async (m, id) => {
      await qc.invalidateQueries({ queryKey: ['mail'] });
      await after?.onSuccess?.(m, id);
    },
  });
}
