import { ActionIcon, Button, Card, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CATALOGUE_ICONS } from '../../../contracts/catalogue';
import { ApiError, api, post } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { LangInputs } from './form-builder';
import { ItemIcon } from './icons';
import { catalogueCategoriesQuery, type CategoryDto } from './queries';

/** The catalogue's categories (chips on the catalogue home): add and rename (catalogue.manage). */
export function CategoriesCard() {
  const { t } = useTranslation();
  const categories = useQuery(catalogueCategoriesQuery);
  const [editing, setEditing] = useState<CategoryDto | 'new' | null>(null);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="catalogue-categories">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="catalogue-categories">
          {t('catalogue.admin.categories')}
        </Title>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setEditing('new')}>
          {t('catalogue.admin.newCategory')}
        </Button>
      </Group>
      <ErrorAlert error={categories.error} />
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('catalogue.admin.name')}</Table.Th>
              <Table.Th>{t('catalogue.admin.key')}</Table.Th>
              <Table.Th ta="right">{t('catalogue.admin.sort')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(categories.data?.items ?? []).map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <ItemIcon name={c.icon} size={26} />
                    <Text size="sm">{c.name}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {c.key}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{c.sort}</Table.Td>
                <Table.Td ta="right">
                  <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(c)} aria-label={t('catalogue.admin.editCategory', { name: c.name })}>
                    <IconPencil size={16} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={editing === 'new' ? t('catalogue.admin.newCategory') : editing ? t('catalogue.admin.editCategory', { name: editing.name }) : ''}>
        {editing && <CategoryForm category={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Card>
  );
}

function CategoryForm({ category, onDone }: { category: CategoryDto | null; onDone(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [key, setKey] = useState(category?.key ?? '');
  const [names, setNames] = useState<Record<string, string | undefined>>(category?.names ?? { en: '' });
  const [icon, setIcon] = useState<string>(category?.icon ?? 'box');
  const [sort, setSort] = useState<number>(category?.sort ?? 100);
  const save = useMutation({
    mutationFn: () => {
      const body = { key, names, icon, sort };
      return category ? api(`/api/v1/catalogue/admin/categories/${category.id}`, { method: 'PUT', body }) : post('/api/v1/catalogue/admin/categories', body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['catalogue'] });
      onDone();
    },
  });
  const err = (path: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.path === `body.${path}` || e.path.startsWith(`body.${path}.`))?.message : undefined);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <ErrorAlert error={save.error instanceof ApiError && save.error.errors.length ? null : save.error} />
        <TextInput label={t('catalogue.admin.key')} description={t('catalogue.admin.keyHelp')} value={key} onChange={(e) => setKey(e.currentTarget.value)} required error={err('key')} />
        <LangInputs label={t('catalogue.admin.name')} value={names} onChange={(v) => setNames(v ?? { en: '' })} required />
        {err('names') && (
          <Text size="xs" c="red">
            {err('names')}
          </Text>
        )}
        <Select label={t('catalogue.admin.icon')} data={CATALOGUE_ICONS.map((i) => ({ value: i, label: t(`catalogue.icons.${i}`) }))} value={icon} onChange={(v) => v && setIcon(v)} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
        <NumberInput label={t('catalogue.admin.sort')} description={t('catalogue.admin.sortHelp')} value={sort} onChange={(v) => setSort(typeof v === 'number' ? v : 0)} min={0} max={100_000} allowDecimal={false} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
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
