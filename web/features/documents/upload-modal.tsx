import { Button, FileInput, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentCategoryDto, DocumentVisibility } from '../../../contracts/documents';
import { ErrorAlert, fieldError, onlyFieldErrors } from '../../ui/errors';
import { LanguageSelect, VisibilityFields } from './parts';
import { useCreateDocument } from './queries';

const FIELDS = ['title', 'category', 'description', 'language', 'visibility', 'requiredPermission', 'file'];

/** Staff: a new document for the organisation (category, title, description, language, who sees it, the file). */
export function UploadModal({ orgId, orgName, categories, opened, onClose, onCreated }: { orgId: string; orgName: string; categories: DocumentCategoryDto[]; opened: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateDocument();
  const [category, setCategory] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [language, setLanguage] = useState('en');
  const [visibility, setVisibility] = useState<DocumentVisibility>('members');
  const [permission, setPermission] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const close = () => {
    create.reset();
    setMissing({});
    onClose();
  };
  const submit = () => {
    const need = { category: !category, title: !title.trim(), file: !file, requiredPermission: visibility === 'permission' && !permission };
    setMissing(need);
    if (Object.values(need).some(Boolean) || !category || !file) return;
    create.mutate(
      { orgId, category, title: title.trim(), description: description.trim(), language, visibility, requiredPermission: permission ?? undefined, file },
      {
        onSuccess: (doc) => {
          setTitle('');
          setDescription('');
          setFile(null);
          setMissing({});
          onCreated(doc.id);
        },
      },
    );
  };
  const err = (f: string) => (missing[f] ? t('documents.upload.required') : fieldError(create.error, f));
  return (
    <Modal opened={opened} onClose={close} title={t('documents.upload.title')} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('documents.upload.for', { org: orgName })}
        </Text>
        {!onlyFieldErrors(create.error, FIELDS) && <ErrorAlert error={create.error} />}
        <Select
          label={t('documents.category')}
          data={categories.filter((c) => !c.archived).map((c) => ({ value: c.key, label: c.name }))}
          value={category}
          onChange={setCategory}
          required
          error={err('category')}
        />
        <TextInput label={t('documents.upload.documentTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={200} required error={err('title')} />
        <Textarea label={t('documents.upload.descriptionLabel')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={2000} autosize minRows={2} error={err('description')} />
        <LanguageSelect value={language} onChange={setLanguage} error={err('language')} />
        <VisibilityFields
          visibility={visibility}
          permission={permission}
          onChange={(v, p) => {
            setVisibility(v);
            setPermission(p);
          }}
          errors={{ visibility: err('visibility'), permission: err('requiredPermission') }}
        />
        <FileInput label={t('documents.upload.file')} description={t('documents.upload.fileHint')} value={file} onChange={setFile} leftSection={<IconUpload size={16} aria-hidden />} clearable required error={err('file')} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            {t('documents.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
