import { Anchor, Box, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../ui/language-picker';
import { Logo } from '../../ui/logo';
import { usePageTitle } from '../../ui/page';

/** The frame of the pages before sign-in: product name and language, one card, a quiet footer. */
export function AuthLayout({ title, subtitle, children, wide }: { title: string; subtitle?: ReactNode; children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <Box mih="100vh" bg="gray.0" py="xl" px="md">
      <Stack w="100%" maw={wide ? 600 : 440} mx="auto" gap="lg">
        <Group component="header" justify="space-between" wrap="nowrap">
          <Logo />
          <LanguagePicker />
        </Group>
        <Paper component="main" id="main" withBorder radius="md" p={{ base: 'lg', xs: 'xl' }} shadow="xs">
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
        <Text component="footer" size="xs" c="dimmed" ta="center">
          {t('auth.footer')}{' '}
          <Anchor href="/api/docs" size="xs">
            {t('auth.apiDocs')}
          </Anchor>
        </Text>
      </Stack>
    </Box>
  );
}
