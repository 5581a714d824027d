import { Anchor, Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../ui/language-picker';
import { Logo } from '../../ui/logo';

/** The frame of the pages before sign-in: product name, a card, the language picker. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box component="main" mih="100vh" bg="gray.0" py="xl" px="md">
      <Center>
        <Stack w="100%" maw={440} gap="lg">
          <Group justify="space-between">
            <Logo />
            <LanguagePicker />
          </Group>
          <Paper withBorder radius="md" p="xl" shadow="xs">
            <Stack gap="md">
              <div>
                <Title order={1} size="h2">
                  {title}
                </Title>
                {subtitle && (
                  <Text c="dimmed" size="sm" mt={4}>
                    {subtitle}
                  </Text>
                )}
              </div>
              {children}
            </Stack>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            {t('auth.footer')}{' '}
            <Anchor href="/api/docs" size="xs">
              {t('auth.apiDocs')}
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
