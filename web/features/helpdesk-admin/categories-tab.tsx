import { ActionIcon, Badge, Button, Code, Group, Modal, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconArrowDown, IconArrowUp, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../../contracts/common';
import { ApiError } from '../../ui/api';
import { ErrorAlert, fieldError, onlyFieldErrors, useErrorMessage } from '../../ui/errors';
import { LANGUAGES } from '../../ui/i18n';
import { ListState } from '../../ui/list-parts';
import type { Category } from '../tickets/queries';
import { useCreateCategory, useOrderCategories, useUpdateCategory } from './mutations';
import { categoriesQuery } from './queries';
import { Section } from './section';

const KEY = /^[a-z][a-z0-9_]{1,39}$/;
const languageName = (l: string) => LANGUAGES.find((x) => x.value === l)?.label ?? l;

/** Ticket categories: names in every language, the order customers see them in, retire and restore. */
export function CategoriesTab() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const categories = useQuery(categoriesQuery);
  const order = useOrderCategories();
  const update = useUpdateCategory();
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const rows = categories.data?.items ?? [];
  const move = (index: number, by: -1 | 1) => {
    const ids = rows.map((c) => c.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    order.mutate(ids, { onError: (e) => notifications.show({ color: 'red', message: message(e) }) });
  };
  const setActive = (c: Category, active: boolean) =>
    update.mutate(
      { id: c.id, active },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t(active ? 'helpdeskAdmin.categories.restored' : 'helpdeskAdmin.categories.retired', { name: c.name }) }),
        onError: (e) => notifications.show({ color: 'red', message: message(e) }),
      },
    );
  return (
    <Section
      title={t('helpdeskAdmin.categories.title')}
      text={t('helpdeskAdmin.categories.text')}
      actions={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('helpdeskAdmin.categories.add')}
        </Button>
      }
    >
      <ErrorAlert error={categories.error} />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>{t('helpdeskAdmin.categories.order')}</Table.Th>
                <Table.Th>{t('helpdeskAdmin.categories.name')}</Table.Th>
                <Table.Th>{t('helpdeskAdmin.categories.status')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c, i) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon variant="subtle" color="gray" disabled={i === 0 || order.isPending} onClick={() => move(i, -1)} aria-label={t('helpdeskAdmin.categories.moveUp', { name: c.name })}>
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="gray" disabled={i === rows.length - 1 || order.isPending} onClick={() => move(i, 1)} aria-label={t('helpdeskAdmin.categories.moveDown', { name: c.name })}>
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500} c={c.active ? undefined : 'dimmed'}>
                      {c.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      <Code>{c.key}</Code>{' '}
                      {LOCALES.filter((l) => c.names[l] && c.names[l] !== c.name)
                        .map((l) => c.names[l])
                        .join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={c.active ? 'teal' : 'gray'}>
                      {c.active ? t('helpdeskAdmin.categories.active') : t('helpdeskAdmin.categories.retiredBadge')}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setEditing(c)} aria-label={t('helpdeskAdmin.categories.renameOf', { name: c.name })}>
                        {t('helpdeskAdmin.categories.rename')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color={c.active ? 'red' : undefined}
                        loading={update.isPending && update.variables?.id === c.id}
                        onClick={() => setActive(c, !c.active)}
                        aria-label={t(c.active ? 'helpdeskAdmin.categories.retireOf' : 'helpdeskAdmin.categories.restoreOf', { name: c.name })}
                      >
                        {c.active ? t('helpdeskAdmin.categories.retire') : t('helpdeskAdmin.categories.restore')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListState loading={categories.isPending} empty={rows.length === 0} emptyText={t('helpdeskAdmin.categories.none')} />
      <CategoryModal category={editing} onClose={() => setEditing(null)} />
    </Section>
  );
}

/** Adds a category (key and names) or renames one (names only: the key is what alerts and reports use). */
function CategoryModal({ category, onClose }: { category: Category | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const existing = category && category !== 'new' ? category : null;
  return (
    <Modal opened={!!category} onClose={onClose} title={existing ? t('helpdeskAdmin.categories.renameOf', { name: existing.name }) : t('helpdeskAdmin.categories.add')}>
      {category && <CategoryForm key={existing?.id ?? 'new'} existing={existing} onClose={onClose} />}
    </Modal>
  );
}

function CategoryForm({ existing, onClose }: { existing: Category | null; onClose: () => void }) {
  const { t } = useTranslation();
  const isNew = !existing;
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const save = isNew ? create : update;
  const keyTaken = isNew && save.error instanceof ApiError && save.error.code === 'CONFLICT';
  const form = useForm({
    initialValues: { key: '', en: existing?.names.en ?? '', de: existing?.names.de ?? '', nb: existing?.names.nb ?? '', ru: existing?.names.ru ?? '' },
    validate: {
      key: (v) => (!isNew || KEY.test(v) ? null : t('helpdeskAdmin.categories.keyInvalid')),
      en: (v) => (v.trim() ? null : t('helpdeskAdmin.categories.enRequired')),
    },
  });
  const submit = form.onSubmit((v) => {
    const names = Object.fromEntries(LOCALES.map((l) => [l, v[l].trim()]).filter(([, n]) => n));
    const done = {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('helpdeskAdmin.saved') });
        onClose();
      },
    };
    if (existing) update.mutate({ id: existing.id, names }, done);
    else create.mutate({ key: v.key, names }, done);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {!keyTaken && !onlyFieldErrors(save.error, ['key', 'names', ...LOCALES.map((l) => `names.${l}`)]) && <ErrorAlert error={save.error} />}
        {isNew ? (
          <TextInput
            label={t('helpdeskAdmin.categories.key')}
            description={t('helpdeskAdmin.categories.keyHint')}
            required
            data-autofocus
            maxLength={40}
            {...form.getInputProps('key')}
            error={form.errors.key ?? (keyTaken ? t('helpdeskAdmin.categories.keyTaken') : fieldError(save.error, 'key') && t('helpdeskAdmin.categories.keyInvalid'))}
          />
        ) : (
          <Text size="sm">
            {t('helpdeskAdmin.categories.key')}: <Code>{existing.key}</Code>
          </Text>
        )}
        {LOCALES.map((l) => (
          <TextInput
            key={l}
            label={t('helpdeskAdmin.categories.nameIn', { language: languageName(l) })}
            lang={l}
            required={l === 'en'}
            maxLength={80}
            data-autofocus={!isNew && l === 'en' ? true : undefined}
            {...form.getInputProps(l)}
            error={form.errors[l] ?? (fieldError(save.error, `names.${l}`) || (l === 'en' && fieldError(save.error, 'names')) ? t('helpdeskAdmin.categories.nameInvalid') : undefined)}
          />
        ))}
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
