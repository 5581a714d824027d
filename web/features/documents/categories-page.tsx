import { ActionIcon, Badge, Button, Card, Group, Menu, Modal, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArchive, IconArrowDown, IconArrowUp, IconArrowBackUp, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryNames } from '../../../contracts/documents';
import { ConfirmModal } from '../../ui/confirm-modal';
import { ErrorAlert, fieldError } from '../../ui/errors';
import { ListState } from '../../ui/list-parts';
import { Page } from '../../ui/page';
import { categoriesAdminQuery, useCreateCategory, useDeleteCategory, useReorderCategories, useUpdateCategory, type CategoryAdmin } from './category-queries';

const LANGS = ['en', 'de', 'nb', 'ru'] as const;

/**
 * Provider admins (`documents.configure`): the categories documents are filed under — add, rename in
 * each language, move up or down, archive (no longer offered for new documents; filed ones keep it),
 * restore, and delete one that no document uses.
 */
export function DocumentCategoriesPage() {
  const { t } = useTranslation();
  const q = useQuery(categoriesAdminQuery);
  const reorder = useReorderCategories();
  const update = useUpdateCategory();
  const [editing, setEditing] = useState<CategoryAdmin | 'new' | null>(null);
  const [archiving, setArchiving] = useState<CategoryAdmin | null>(null);
  const [deleting, setDeleting] = useState<CategoryAdmin | null>(null);
  const del = useDeleteCategory();
  const rows = q.data?.items ?? [];
  const move = (i: number, by: -1 | 1) => {
    const keys = rows.map((r) => r.key);
    [keys[i], keys[i + by]] = [keys[i + by]!, keys[i]!];
    reorder.mutate(keys);
  };
  return (
    <Page
      title={t('documents.categories.title')}
      description={t('documents.categories.description')}
      actions={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('documents.categories.add')}
        </Button>
      }
    >
      <Card withBorder padding="md">
        <ErrorAlert error={q.error ?? reorder.error ?? update.error} />
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={0}>
            <Table verticalSpacing="sm" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={88}>{t('documents.categories.order')}</Table.Th>
                  <Table.Th>{t('documents.categories.name')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('documents.categories.documents')}</Table.Th>
                  <Table.Th w={48}>
                    <VisuallyHidden>{t('documents.categories.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c, i) => (
                  <Table.Tr key={c.key} data-testid="category-row">
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon variant="subtle" color="gray" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={t('documents.categories.moveUp', { name: c.name })}>
                          <IconArrowUp size={16} aria-hidden />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="gray" disabled={i === rows.length - 1 || reorder.isPending} onClick={() => move(i, 1)} aria-label={t('documents.categories.moveDown', { name: c.name })}>
                          <IconArrowDown size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 0 }}>
                      <Group gap={6} wrap="wrap">
                        <Text size="sm" fw={500} c={c.archived ? 'dimmed' : undefined} style={{ overflowWrap: 'break-word' }}>
                          {c.name}
                        </Text>
                        {c.archived && (
                          <Badge size="xs" variant="light" color="gray">
                            {t('documents.categories.archived')}
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'break-word' }}>
                        {LANGS.filter((l) => l !== 'en' && c.names[l])
                          .map((l) => c.names[l])
                          .join(' · ') || t('documents.categories.englishOnly')}
                      </Text>
                      <Text size="xs" c="dimmed" hiddenFrom="sm">
                        {t('documents.categories.documentCount', { count: c.documentCount })}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{t('documents.categories.documentCount', { count: c.documentCount })}</Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('documents.categories.actionsFor', { name: c.name })}>
                            <IconDots size={18} aria-hidden />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(c)}>
                            {t('documents.categories.rename')}
                          </Menu.Item>
                          {c.archived ? (
                            <Menu.Item leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => update.mutate({ key: c.key, archived: false })}>
                              {t('documents.categories.restore')}
                            </Menu.Item>
                          ) : (
                            <Menu.Item leftSection={<IconArchive size={16} aria-hidden />} onClick={() => setArchiving(c)}>
                              {t('documents.categories.archive')}
                            </Menu.Item>
                          )}
                          {c.abilities.delete && (
                            <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(c)}>
                              {t('documents.categories.delete')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <ListState loading={q.isLoading} empty={!q.isLoading && !q.error && rows.length === 0} emptyText={t('documents.categories.empty')} />
      </Card>
      <CategoryModal key={editing === 'new' ? 'new' : (editing?.key ?? 'closed')} category={editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={!!archiving}
        onClose={() => setArchiving(null)}
        title={t('documents.categories.archiveTitle', { name: archiving?.name ?? '' })}
        message={archiving?.documentCount ? t('documents.categories.archiveMessage', { count: archiving.documentCount }) : t('documents.categories.archiveMessageUnused')}
        confirmLabel={t('documents.categories.archive')}
        danger={false}
        onConfirm={() => update.mutateAsync({ key: archiving!.key, archived: true })}
      />
      <ConfirmModal
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        title={t('documents.categories.deleteTitle', { name: deleting?.name ?? '' })}
        message={t('documents.categories.deleteMessage')}
        confirmLabel={t('documents.categories.delete')}
        onConfirm={() => del.mutateAsync(deleting!.key)}
      />
    </Page>
  );
}

/** Add a category, or rename one: its name in each language (English required, the fallback). */
function CategoryModal({ category, onClose }: { category: CategoryAdmin | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const editing = category && category !== 'new' ? category : null;
  // Mounted afresh for each opening (key below), so the fields start from the category's names.
  const [names, setNames] = useState<Record<string, string>>((): Record<string, string> => (editing ? { en: editing.names.en, de: editing.names.de ?? '', nb: editing.names.nb ?? '', ru: editing.names.ru ?? '' } : {}));
  const [missing, setMissing] = useState(false);
  const failed = editing ? update.error : create.error;
  const pending = create.isPending || update.isPending;
  const submit = () => {
    if (!names.en?.trim()) return setMissing(true);
    const body: CategoryNames = { en: names.en.trim() };
    for (const l of LANGS) if (l !== 'en' && names[l]?.trim()) body[l] = names[l]!.trim();
    if (editing) update.mutate({ key: editing.key, names: body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };
  const shownOnField = (l: string) => fieldError(failed, `names.${l}`);
  const fieldOnly = failed && LANGS.some((l) => shownOnField(l));
  return (
    <Modal opened={!!category} onClose={onClose} title={editing ? t('documents.categories.renameTitle', { name: editing.name }) : t('documents.categories.addTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('documents.categories.namesHelp')}
          </Text>
          {!fieldOnly && <ErrorAlert error={failed} />}
          {LANGS.map((l) => (
            <TextInput
              key={l}
              label={t(`documents.categories.nameIn.${l}`)}
              value={names[l] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setNames((n) => ({ ...n, [l]: value }));
              }}
              required={l === 'en'}
              maxLength={80}
              error={(l === 'en' && missing ? t('documents.upload.required') : undefined) ?? shownOnField(l)}
              data-autofocus={l === 'en' ? true : undefined}
            />
          ))}
          {editing && (
            <Text size="xs" c="dimmed">
              {t('documents.categories.key', { key: editing.key })}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {editing ? t('common.save') : t('documents.categories.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
