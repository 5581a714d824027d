import { ActionIcon, Badge, Button, Group, Input, Modal, MultiSelect, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../../contracts/common';
import { ApiError } from '../../ui/api';
import { ErrorAlert } from '../../ui/errors';
import { LANGUAGES } from '../../ui/i18n';
import { ListState } from '../../ui/list-parts';
import { useSaveGroup } from './mutations';
import { categoriesQuery, groupsQuery, staffQuery, type SupportGroupFull } from './queries';
import { Section } from './section';

const languageName = (l: string) => LANGUAGES.find((x) => x.value === l)?.label ?? l;

/** Support groups: who leads them, who is in them, and what each member handles (skills, languages). */
export function GroupsTab() {
  const { t } = useTranslation();
  const groups = useQuery(groupsQuery);
  const categories = useQuery(categoriesQuery);
  const [editing, setEditing] = useState<SupportGroupFull | 'new' | null>(null);
  const rows = groups.data?.items ?? [];
  const categoryName = (key: string) => categories.data?.items.find((c) => c.key === key)?.name ?? key;
  return (
    <Section
      title={t('helpdeskAdmin.groups.title')}
      text={t('helpdeskAdmin.groups.text')}
      actions={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('helpdeskAdmin.groups.add')}
        </Button>
      }
    >
      <ErrorAlert error={groups.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {rows.map((g) => (
          <Paper key={g.id} withBorder p="md" radius="md" component="section" aria-labelledby={`group-${g.id}`}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
              <div style={{ minWidth: 0 }}>
                <Text fw={600} id={`group-${g.id}`}>
                  {g.name}
                </Text>
                <Text size="sm" c="dimmed">
                  {g.lead ? t('helpdeskAdmin.groups.ledBy', { name: g.lead.name }) : t('helpdeskAdmin.groups.noLead')}
                </Text>
              </div>
              <Button size="xs" variant="default" onClick={() => setEditing(g)} aria-label={t('helpdeskAdmin.groups.editOf', { name: g.name })}>
                {t('helpdeskAdmin.edit')}
              </Button>
            </Group>
            <Stack gap={6} mt="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('helpdeskAdmin.groups.membersOf', { name: g.name })}>
              {g.members.length === 0 && (
                <Text size="sm" c="dimmed" component="li">
                  {t('helpdeskAdmin.groups.noMembers')}
                </Text>
              )}
              {g.members.map((m) => (
                <li key={m.userId}>
                  <Text size="sm">{m.name}</Text>
                  <Group gap={4} mt={2}>
                    {m.categories.length === 0 ? (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('helpdeskAdmin.groups.anyCategory')}
                      </Badge>
                    ) : (
                      m.categories.map((c) => (
                        <Badge key={c} size="xs" variant="light">
                          {categoryName(c)}
                        </Badge>
                      ))
                    )}
                    {m.languages.length === 0 ? (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('helpdeskAdmin.groups.anyLanguage')}
                      </Badge>
                    ) : (
                      m.languages.map((l) => (
                        <Badge key={l} size="xs" variant="light" color="grape">
                          {languageName(l)}
                        </Badge>
                      ))
                    )}
                  </Group>
                </li>
              ))}
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
      <ListState loading={groups.isPending} empty={rows.length === 0} emptyText={t('helpdeskAdmin.groups.none')} />
      <GroupModal group={editing} onClose={() => setEditing(null)} />
    </Section>
  );
}

function GroupModal({ group, onClose }: { group: SupportGroupFull | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const small = useMediaQuery('(max-width: 48em)');
  const existing = group && group !== 'new' ? group : null;
  return (
    <Modal opened={!!group} onClose={onClose} size="xl" fullScreen={small} title={existing ? t('helpdeskAdmin.groups.editOf', { name: existing.name }) : t('helpdeskAdmin.groups.add')}>
      {group && <GroupForm key={existing?.id ?? 'new'} group={existing} onClose={onClose} />}
    </Modal>
  );
}

type Member = { userId: string; categories: string[]; languages: Locale[] };

function GroupForm({ group, onClose }: { group: SupportGroupFull | null; onClose: () => void }) {
  const { t } = useTranslation();
  const staff = useQuery(staffQuery);
  const categories = useQuery(categoriesQuery);
  const save = useSaveGroup();
  const [name, setName] = useState(group?.name ?? '');
  const [leadId, setLeadId] = useState<string | null>(group?.lead?.id ?? null);
  const [members, setMembers] = useState<Member[]>(group?.members.map((m) => ({ userId: m.userId, categories: m.categories, languages: m.languages })) ?? []);
  const [nameError, setNameError] = useState<string | null>(null);
  const people = staff.data ?? [];
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? group?.members.find((m) => m.userId === id)?.name ?? group?.lead?.name ?? id;
  const categoryOptions = (categories.data?.items ?? []).map((c) => ({ value: c.key, label: c.active ? c.name : `${c.name} (${t('helpdeskAdmin.categories.retiredBadge')})` }));
  const error = save.error instanceof ApiError ? save.error : null;
  const pathError = (path: string) => error?.errors.find((e) => e.path === `body.${path}`);
  const memberError = (i: number) => (pathError(`members.${i}.userId`) ? t('helpdeskAdmin.groups.notStaff') : undefined);
  const nameTaken = error?.code === 'CONFLICT';
  const known = error && (nameTaken || (error.code === 'VALIDATION_FAILED' && error.errors.every((e) => /^body\.(name|leadId|members\.\d+\.userId)$/.test(e.path))));
  const update = (i: number, patch: Partial<Member>) => setMembers((ms) => ms.map((m, k) => (k === i ? { ...m, ...patch } : m)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim().length < 2) return setNameError(t('helpdeskAdmin.nameLength'));
    setNameError(null);
    save.mutate(
      { id: group?.id ?? null, input: { name: name.trim(), leadId, members } },
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
      <Stack gap="md">
        {error && !known && <ErrorAlert error={error} />}
        <ErrorAlert error={staff.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('helpdeskAdmin.groups.name')}
            required
            data-autofocus
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError ?? (nameTaken ? t('helpdeskAdmin.groups.nameTaken') : pathError('name') ? t('helpdeskAdmin.nameLength') : undefined)}
          />
          <Select
            label={t('helpdeskAdmin.groups.lead')}
            description={t('helpdeskAdmin.groups.leadHint')}
            placeholder={t('helpdeskAdmin.groups.noLead')}
            clearable
            searchable
            data={people.map((p) => ({ value: p.id, label: p.name }))}
            value={leadId}
            onChange={setLeadId}
            nothingFoundMessage={t('common.nothingFound')}
            error={pathError('leadId') ? t('helpdeskAdmin.groups.notStaff') : undefined}
          />
        </SimpleGrid>
        <div>
          <Input.Label id="group-members-label" component="div" display="block">
            {t('helpdeskAdmin.groups.members')}
          </Input.Label>
          <Text size="xs" c="dimmed">
            {t('helpdeskAdmin.groups.membersHint')}
          </Text>
        </div>
        <Stack gap="sm" role="list" aria-labelledby="group-members-label">
          {members.map((m, i) => {
            const who = nameOf(m.userId);
            return (
              <Paper key={m.userId} withBorder p="sm" radius="md" role="listitem" style={memberError(i) ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
                <Group justify="space-between" wrap="nowrap" mb={6}>
                  <Text size="sm" fw={500}>
                    {who}
                  </Text>
                  <ActionIcon variant="subtle" color="red" onClick={() => setMembers((ms) => ms.filter((_, k) => k !== i))} aria-label={t('helpdeskAdmin.groups.removeMember', { name: who })}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
                {memberError(i) && (
                  <Text size="sm" c="red" role="alert" mb={6}>
                    {memberError(i)}
                  </Text>
                )}
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <MultiSelect
                    label={t('helpdeskAdmin.groups.skills')}
                    aria-label={t('helpdeskAdmin.groups.skillsOf', { name: who })}
                    placeholder={m.categories.length ? undefined : t('helpdeskAdmin.groups.anyCategory')}
                    data={categoryOptions}
                    value={m.categories}
                    onChange={(v) => update(i, { categories: v })}
                    searchable
                    clearable
                    nothingFoundMessage={t('common.nothingFound')}
                  />
                  <MultiSelect
                    label={t('helpdeskAdmin.groups.languages')}
                    aria-label={t('helpdeskAdmin.groups.languagesOf', { name: who })}
                    placeholder={m.languages.length ? undefined : t('helpdeskAdmin.groups.anyLanguage')}
                    data={LOCALES.map((l) => ({ value: l, label: languageName(l) }))}
                    value={m.languages}
                    onChange={(v) => update(i, { languages: v as Locale[] })}
                    clearable
                  />
                </SimpleGrid>
              </Paper>
            );
          })}
          {members.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('helpdeskAdmin.groups.noMembers')}
            </Text>
          )}
        </Stack>
        <Select
          label={t('helpdeskAdmin.groups.addMember')}
          placeholder={t('helpdeskAdmin.groups.pickPerson')}
          searchable
          data={people.filter((p) => !members.some((m) => m.userId === p.id)).map((p) => ({ value: p.id, label: `${p.name} · ${p.email}` }))}
          value={null}
          onChange={(v) => v && setMembers((ms) => [...ms, { userId: v, categories: [], languages: [] }])}
          nothingFoundMessage={t('common.nothingFound')}
          w={{ base: '100%', sm: 360 }}
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
