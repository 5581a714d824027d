import { ActionIcon, Anchor, Badge, Button, Card, FileButton, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertCircle, IconCircleCheck, IconDownload, IconLock, IconPaperclip, IconX } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../ui/api';
import { ErrorAlert, useErrorMessage } from '../../ui/errors';
import { localeTag, useFormat } from '../../ui/format';
import { ListState } from '../../ui/list-parts';
import { useCurrentUser } from '../auth/queries';
import { uploadAttachment } from './mutations';
import { attachmentsQuery, attachmentUrl, ticketSettingsQuery, worksTickets, type Ticket } from './queries';

/** "2.4 MB", "830 kB", in the UI language; 1024-based, as the server words its limit (10485760 bytes: "10 MB"). */
export function formatBytes(bytes: number, lang: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(localeTag(lang), { style: 'unit', unit: units[unit], unitDisplay: unit === 0 ? 'narrow' : 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

type Limits = { maxBytes: number; types: string[] };
type Problem = { kind: 'tooLarge' | 'badType' } | { kind: 'server'; error: unknown };
export type QueuedFile = { key: string; file: File; state: 'ready' | 'uploading' | 'done' | 'failed' | 'invalid'; progress: number; problem: Problem | null };

let seq = 0;

/**
 * Files chosen for a ticket before they are sent: checked against the server's limits at once (the
 * server checks again: 413, 415), then uploaded one after another with progress, each with its own
 * outcome. Failed files stay listed, with the reason, to try again or remove.
 */
export function useFileQueue() {
  const settings = useQuery(ticketSettingsQuery);
  const limits: Limits | undefined = settings.data?.attachments;
  const [files, setFiles] = useState<QueuedFile[]>([]);
  const filesRef = useRef(files);
  filesRef.current = files;
  const update = (key: string, patch: Partial<QueuedFile>) => setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  const check = useCallback(
    (file: File): Problem | null => {
      if (!limits) return null;
      if (!limits.types.includes(extensionOf(file.name))) return { kind: 'badType' };
      if (file.size > limits.maxBytes) return { kind: 'tooLarge' };
      return null;
    },
    [limits],
  );

  const add = (chosen: File[]) =>
    setFiles((fs) => [
      ...fs,
      ...chosen.map((file): QueuedFile => {
        const problem = check(file);
        return { key: `f${++seq}`, file, state: problem ? 'invalid' : 'ready', progress: 0, problem };
      }),
    ]);
  const remove = (key: string) => setFiles((fs) => fs.filter((f) => f.key !== key));
  const clear = () => setFiles([]);

  /** Uploads every file not yet sent (or that failed); resolves to whether all of them are attached now. */
  const upload = async (ticketId: string, internal = false): Promise<boolean> => {
    let ok = true;
    for (const f of filesRef.current) {
      if (f.state === 'done') continue;
      if (f.state === 'invalid') {
        ok = false;
        continue;
      }
      update(f.key, { state: 'uploading', progress: 0, problem: null });
      try {
        await uploadAttachment(ticketId, f.file, { internal, onProgress: (p) => update(f.key, { progress: p }) });
        update(f.key, { state: 'done', progress: 1 });
      } catch (error) {
        ok = false;
        const kind = error instanceof ApiError && error.status === 413 ? 'tooLarge' : error instanceof ApiError && error.status === 415 ? 'badType' : null;
        update(f.key, { state: 'failed', problem: kind ? { kind } : { kind: 'server', error } });
      }
    }
    return ok;
  };

  return {
    files,
    limits,
    add,
    remove,
    clear,
    upload,
    /** Files that cannot be sent as they are (too large, type not allowed). */
    invalid: files.filter((f) => f.state === 'invalid').length,
    pending: files.filter((f) => f.state !== 'done').length,
    uploading: files.some((f) => f.state === 'uploading'),
  };
}
export type FileQueue = ReturnType<typeof useFileQueue>;

/** The limits in a sentence: "Up to 10 MB each; pdf, png, jpg, …". */
export function useLimitsText(limits: Limits | undefined) {
  const { t, i18n } = useTranslation();
  return limits ? t('ticketWork.files.limits', { max: formatBytes(limits.maxBytes, i18n.language), types: limits.types.join(', ') }) : '';
}

/** The chosen files with their progress and outcome, and the button to add more. */
export function FilePicker({ queue, disabled, label }: { queue: FileQueue; disabled?: boolean; label?: string }) {
  const { t, i18n } = useTranslation();
  const message = useErrorMessage();
  const limitsText = useLimitsText(queue.limits);
  const accept = queue.limits?.types.map((x) => `.${x}`).join(',');
  const reason = (f: QueuedFile) => {
    const p = f.problem;
    if (!p) return null;
    if (p.kind === 'server') return message(p.error);
    if (p.kind === 'tooLarge') return t('ticketWork.files.tooLarge', { max: queue.limits ? formatBytes(queue.limits.maxBytes, i18n.language) : '' });
    return t('ticketWork.files.badType', { types: queue.limits?.types.join(', ') ?? '' });
  };
  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap" align="center">
        <FileButton onChange={(fs) => queue.add(fs)} multiple accept={accept} disabled={disabled}>
          {(props) => (
            <Button {...props} variant="default" size="xs" leftSection={<IconPaperclip size={16} aria-hidden />} disabled={disabled}>
              {label ?? t('ticketWork.files.add')}
            </Button>
          )}
        </FileButton>
        {limitsText && (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {limitsText}
          </Text>
        )}
      </Group>
      {queue.files.length > 0 && (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('ticketWork.files.chosen')}>
          {queue.files.map((f) => {
            const why = reason(f);
            const bad = f.state === 'invalid' || f.state === 'failed';
            return (
              <li key={f.key}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      {f.state === 'done' ? (
                        <IconCircleCheck size={16} color="var(--mantine-color-teal-8)" aria-hidden />
                      ) : bad ? (
                        <IconAlertCircle size={16} color="var(--mantine-color-red-8)" aria-hidden />
                      ) : (
                        <IconPaperclip size={16} aria-hidden />
                      )}
                      <Text size="sm" truncate="end" style={{ minWidth: 0 }}>
                        {f.file.name}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                        {formatBytes(f.file.size, i18n.language)}
                      </Text>
                    </Group>
                    {f.state === 'uploading' && <Progress value={Math.round(f.progress * 100)} size="sm" aria-label={t('ticketWork.files.progress', { name: f.file.name })} />}
                    <div role={bad ? 'alert' : 'status'}>
                      {why && (
                        <Text size="xs" c="red.8">
                          {why}
                        </Text>
                      )}
                      {f.state === 'done' && (
                        <Text size="xs" c="teal.9">
                          {t('ticketWork.files.attached')}
                        </Text>
                      )}
                    </div>
                  </Stack>
                  {f.state !== 'uploading' && f.state !== 'done' && (
                    <ActionIcon variant="subtle" color="gray" onClick={() => queue.remove(f.key)} aria-label={t('ticketWork.files.remove', { name: f.file.name })}>
                      <IconX size={16} aria-hidden />
                    </ActionIcon>
                  )}
                </Group>
              </li>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}

/** The ticket's files: name, size, who and when, a download link; staff see which are internal. */
export function AttachmentsCard({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const staff = worksTickets(useCurrentUser());
  const list = useQuery(attachmentsQuery(ticket.id));
  const items = list.data?.items ?? [];
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="ticket-files">
      <Title order={2} size="h4" id="ticket-files" mb="sm">
        {t('ticketWork.files.title')}
      </Title>
      <ErrorAlert error={list.error} />
      <ListState loading={list.isPending} empty={!list.isPending && !list.error && items.length === 0} emptyText={t('ticketWork.files.none')} />
      {items.length > 0 && (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((a) => (
            <li key={a.id}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <IconDownload size={16} aria-hidden style={{ marginTop: 3, flexShrink: 0 }} />
                <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                  <Anchor href={attachmentUrl(ticket.id, a.id)} download={a.filename} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {a.filename}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[formatBytes(a.size, i18n.language), a.uploadedBy?.name ?? t('tickets.events.system'), fmt.dateTime(a.createdAt)].join(' · ')}
                  </Text>
                  {staff && a.visibility === 'internal' && (
                    <Badge variant="light" color="yellow" size="sm" mt={4} leftSection={<IconLock size={12} aria-hidden />} w="fit-content">
                      {t('ticketWork.files.internal')}
                    </Badge>
                  )}
                </Stack>
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}
