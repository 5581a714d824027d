import { Anchor, Badge, Button, Divider, Drawer, FileInput, Group, Loader, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentCategoryDto, DocumentDetailDto, DocumentVisibility } from '../../../contracts/documents';
import type { Permission } from '../../../contracts/permissions';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { fileSize, LanguageSelect, useVisibilityLabel, VisibilityFields } from './parts';
import { documentQuery, downloadUrl, useAddVersion, useUpdateDocument } from './queries';

/** One document: what it is, who sees it, every version (download each); staff add versions and change it. */
export function DocumentDrawer({ id, categories, onClose }: { id: string | undefined; categories: DocumentCategoryDto[]; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useQuery({ ...documentQuery(id ?? ''), enabled: !!id });
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="lg" title={<Text fw={600}>{t('documents.drawer.title')}</Text>} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <ErrorAlert error={q.error} />
      {q.isLoading && <Loader size="sm" aria-label={t('common.loading')} />}
      {q.data && <DocumentDetail doc={q.data} categories={categories} />}
    </Drawer>
  );
}

function DocumentDetail({ doc, categories }: { doc: DocumentDetailDto; categories: DocumentCategoryDto[] }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const visibilityLabel = useVisibilityLabel();
  return (
    <Stack gap="md">
      <div>
        <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
          {doc.title}
        </Title>
        {doc.description && (
          <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {doc.description}
          </Text>
        )}
      </div>
      <Group gap="xs">
        <Badge variant="light">{doc.categoryName}</Badge>
        <Badge variant="light" color="gray">
          {t(`documents.languages.${doc.language}`)}
        </Badge>
        <Badge variant="light" color={doc.visibility === 'members' ? 'gray' : 'orange'}>
          {visibilityLabel(doc.visibility, doc.requiredPermission)}
        </Badge>
      </Group>
      <Button component="a" href={downloadUrl(doc.id)} download={doc.current.filename} leftSection={<IconDownload size={16} aria-hidden />} variant="light" w="fit-content">
        {t('documents.downloadCurrent', { version: doc.current.version })}
      </Button>
      <Divider />
      <Title order={3} size="h5">
        {t('documents.drawer.versions')}
      </Title>
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {doc.versions.map((v) => (
          <li key={v.id} data-testid="document-version">
            <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {t('documents.versionN', { version: v.version })}
                  {v.version === doc.current.version && (
                    <Text span size="xs" fw={600} c="teal.9" ml={6}>
                      ({t('documents.current')})
                    </Text>
                  )}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {v.filename} · {fileSize(v.size, i18n.language)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('documents.addedBy', { when: fmt.dateTime(v.createdAt), who: v.createdBy.id ? v.createdBy.name : t('documents.generated') })}
                </Text>
              </div>
              <Anchor href={downloadUrl(doc.id, v.id)} download={v.filename} size="sm" aria-label={t('documents.downloadVersion', { version: v.version })} style={{ whiteSpace: 'nowrap' }}>
                <IconDownload size={16} aria-hidden /> {t('common.download')}
              </Anchor>
            </Group>
          </li>
        ))}
      </Stack>
      {doc.abilities.manage && (
        <>
          <Divider />
          <NewVersion doc={doc} />
          <Divider />
          <EditDocument doc={doc} categories={categories} />
        </>
      )}
    </Stack>
  );
}

function NewVersion({ doc }: { doc: DocumentDetailDto }) {
  const { t } = useTranslation();
  const add = useAddVersion(doc.id);
  const [file, setFile] = useState<File | null>(null);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('documents.drawer.newVersion')}
      </Title>
      <ErrorAlert error={add.error} />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <FileInput label={t('documents.upload.file')} value={file} onChange={setFile} leftSection={<IconUpload size={16} aria-hidden />} clearable style={{ flex: '1 1 220px' }} />
        <Button disabled={!file} loading={add.isPending} onClick={() => file && add.mutate(file, { onSuccess: () => setFile(null) })}>
          {t('documents.drawer.uploadVersion')}
        </Button>
      </Group>
    </Stack>
  );
}

function EditDocument({ doc, categories }: { doc: DocumentDetailDto; categories: DocumentCategoryDto[] }) {
  const { t } = useTranslation();
  const update = useUpdateDocument(doc.id);
  const [title, setTitle] = useState(doc.title);
  const [description, setDescription] = useState(doc.description);
  const [category, setCategory] = useState(doc.category);
  const [language, setLanguage] = useState<string>(doc.language);
  const [visibility, setVisibility] = useState<DocumentVisibility>(doc.visibility);
  const [permission, setPermission] = useState<string | null>(doc.requiredPermission);
  useEffect(() => {
    setTitle(doc.title);
    setDescription(doc.description);
    setCategory(doc.category);
    setLanguage(doc.language);
    setVisibility(doc.visibility);
    setPermission(doc.requiredPermission);
  }, [doc]);
  const save = () =>
    update.mutate({
      title,
      description,
      category,
      language: language as DocumentDetailDto['language'],
      visibility,
      requiredPermission: visibility === 'permission' ? ((permission ?? undefined) as Permission | undefined) : null,
    });
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('documents.drawer.edit')}
      </Title>
      {!onlyFieldErrors(update.error, ['title', 'description', 'category', 'requiredPermission']) && <ErrorAlert error={update.error} />}
      <TextInput label={t('documents.upload.documentTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={200} error={fieldError(update.error, 'title')} />
      <Textarea label={t('documents.upload.descriptionLabel')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={2000} autosize minRows={2} error={fieldError(update.error, 'description')} />
      <Select label={t('documents.category')} data={categories.filter((c) => !c.archived || c.key === doc.category).map((c) => ({ value: c.key, label: c.archived ? t('documents.categories.archivedOption', { name: c.name }) : c.name }))} value={category} onChange={(v) => v && setCategory(v)} allowDeselect={false} error={fieldError(update.error, 'category')} />
      <LanguageSelect value={language} onChange={setLanguage} />
      <VisibilityFields
        visibility={visibility}
        permission={permission}
        onChange={(v, p) => {
          setVisibility(v);
          setPermission(p);
        }}
        errors={{ permission: fieldError(update.error, 'requiredPermission') }}
      />
      <Group justify="flex-end">
        <Button onClick={save} loading={update.isPending} disabled={!title.trim() || (visibility === 'permission' && !permission)}>
          {t('common.save')}
        </Button>
      </Group>
      {update.isSuccess && !update.isPending && (
        <Text size="sm" c="teal.8" role="status">
          {t('documents.drawer.saved')}
        </Text>
      )}
    </Stack>
  );
}
