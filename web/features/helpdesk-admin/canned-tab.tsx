import { Badge, Button, Group, Modal, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ApiError } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { ListState } from '../../ui/list-parts';
import { useDeleteCanned, useSaveCanned } from './mutations';
import { cannedQuery, categoriesQuery, type Canned } from './queries';
import { Section } from './section';

/** Canned responses agents insert into replies: title, Markdown body, and optionally the category they fit. */
export function CannedTab() {
  const { t } = useTranslation();
  const canned = useQuery(cannedQuery);
  const categories = useQuery(categoriesQuery);
  const remove = useDeleteCanned();
  const [editing, setEditing] = useState<Canned | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Canned | null>(null);
  const rows = canned.data?.items ?? [];
  const categoryName = (key: string) => categories.data?.items.find((c) => c.key === key)?.name ?? key;
  return (
    <Section
      title={t('helpdeskAdmin.canned.title')}
      text={t('helpdeskAdmin.canned.text')}
      actions={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('helpdeskAdmin.canned.add')}
        </Button>
      }
    >
      <ErrorAlert error={canned.error} />
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map((c) => (
          <Paper key={c.id} withBorder p="md" radius="md" component="li">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <div style={{ minWidth: 0, flex: '1 1 260px' }}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm">
                    {c.title}
                  </Text>
                  <Badge size="xs" variant={c.categoryKey ? 'light' : 'outline'} color={c.categoryKey ? undefined : 'gray'}>
                    {c.categoryKey ? categoryName(c.categoryKey) : t('helpdeskAdmin.canned.anyCategory')}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed" mt={4} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                  {c.body.replace(/\s+/g, ' ')}
                </Text>
              </div>
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="default" onClick={() => setEditing(c)} aria-label={t('helpdeskAdmin.canned.editOf', { title: c.title })}>
                  {t('helpdeskAdmin.edit')}
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(c)} aria-label={t('helpdeskAdmin.canned.deleteOf', { title: c.title })}>
                  {t('helpdeskAdmin.delete')}
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <ListState loading={canned.isPending} empty={rows.length === 0} emptyText={t('helpdeskAdmin.canned.none')} />
      <CannedModal canned={editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        title={t('helpdeskAdmin.canned.deleteOf', { title: deleting?.title ?? '' })}
        message={t('helpdeskAdmin.canned.deleteText')}
        confirmLabel={t('helpdeskAdmin.delete')}
        onConfirm={() => remove.mutateAsync(deleting!.id).then(() => notifications.show({ color: 'teal', message: t('helpdeskAdmin.canned.deleted', { title: deleting!.title }) }))}
      />
    </Section>
  );
}

function CannedModal({ canned, onClose }: { canned: Canned | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const small = useMediaQuery('(max-width: 48em)');
  const existing = canned && canned !== 'new' ? canned : null;
  return (
    <Modal opened={!!canned} onClose={onClose} size="lg" fullScreen={small} title={existing ? t('helpdeskAdmin.canned.editOf', { title: existing.title }) : t('helpdeskAdmin.canned.add')}>
      {canned && <CannedForm key={existing?.id ?? 'new'} canned={existing} onClose={onClose} />}
    </Modal>
  );
}

function CannedForm({ canned, onClose }: { canned: Canned | null; onClose: () => void }) {
  const { t } = useTranslation();
  const categories = useQuery(categoriesQuery);
  const save = useSaveCanned();
  const [title, setTitle] = useState(canned?.title ?? '');
  const [body, setBody] = useState(canned?.body ?? '');
  const [categoryKey, setCategoryKey] = useState<string | null>(canned?.categoryKey ?? null);
  const [errors, setErrors] = useState<{ title?: string; body?: string }>({});
  const error = save.error instanceof ApiError ? save.error : null;
  const has = (f: string) => !!error?.fieldError(f);
  const known = error?.code === 'VALIDATION_FAILED' && error.errors.every((e) => ['body.title', 'body.body', 'body.categoryKey'].includes(e.path));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = { title: title.trim().length >= 2 ? undefined : t('helpdeskAdmin.canned.titleLength'), body: body.trim() ? undefined : t('helpdeskAdmin.canned.bodyRequired') };
    setErrors(next);
    if (next.title || next.body) return;
    save.mutate(
      { id: canned?.id ?? null, input: { title: title.trim(), body, categoryKey } },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('helpdeskAdmin.saved') });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error && !known && <ErrorAlert error={error} />}
        <TextInput label={t('helpdeskAdmin.canned.titleLabel')} required data-autofocus maxLength={120} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title ?? (has('title') ? t('helpdeskAdmin.canned.titleLength') : undefined)} />
        <Select
          label={t('helpdeskAdmin.canned.category')}
          description={t('helpdeskAdmin.canned.categoryHint')}
          placeholder={t('helpdeskAdmin.canned.anyCategory')}
          clearable
          data={(categories.data?.items ?? []).map((c) => ({ value: c.key, label: c.name }))}
          value={categoryKey}
          onChange={setCategoryKey}
          error={has('categoryKey') ? t('helpdeskAdmin.canned.categoryInvalid') : undefined}
        />
        <Textarea
          label={t('helpdeskAdmin.canned.body')}
          description={t('tickets.markdownHint')}
          required
          autosize
          minRows={6}
          maxRows={18}
          maxLength={20000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={errors.body ?? (has('body') ? t('helpdeskAdmin.canned.bodyRequired') : undefined)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
