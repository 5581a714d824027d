import {
  Anchor,
  createTheme,
  Menu,
  Modal,
  Notification,
  NumberInput,
  PasswordInput,
  Select,
  Table,
  TableScrollContainer,
  Textarea,
  TextInput,
  type CSSVariablesResolver,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import type { TFunction } from 'i18next';

/**
 * Mantine's default theme with one restrained primary colour: a deep blue-teal ("portico").
 * Built per language, because close and clear buttons need translated names.
 */
export function makeTheme(t: TFunction) {
  const close = { 'aria-label': t('common.close') };
  const clear = { 'aria-label': t('common.clear') };
  return createTheme({
    primaryColor: 'portico',
    primaryShade: 7,
    colors: {
      portico: ['#e6f4f9', '#cde6ef', '#9dcfe0', '#69b6cf', '#43a1c1', '#2a93b8', '#1a7fa3', '#0b6a8a', '#0b4f6c', '#053c53'],
    },
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    headings: { fontWeight: '650' },
    defaultRadius: 'md',
    cursorType: 'pointer',
    components: {
      // Links inside text are underlined, so they are told apart without relying on colour.
      Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
      // Nearly every field is required, so no asterisks: labels stay exactly what they say
      // ("Password", not "Password *"); inputs still carry `required` for assistive technology.
      TextInput: TextInput.extend({ defaultProps: { withAsterisk: false } }),
      PasswordInput: PasswordInput.extend({ defaultProps: { withAsterisk: false } }),
      NumberInput: NumberInput.extend({ defaultProps: { withAsterisk: false } }),
      Select: Select.extend({ defaultProps: { withAsterisk: false, clearButtonProps: clear } }),
      Textarea: Textarea.extend({ defaultProps: { withAsterisk: false } }),
      DatePickerInput: DatePickerInput.extend({ defaultProps: { withAsterisk: false, clearButtonProps: clear } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: close } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: close } }),
      // The focus placeholder (role=presentation inside role=menu) is an ARIA error; items take focus instead.
      Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
      // A faint hover keeps coloured cell text above 4.5:1.
      Table: Table.extend({ defaultProps: { highlightOnHoverColor: 'gray.0' } }),
      // Wide tables scroll sideways on phones; a scrolling region must be reachable by keyboard.
      TableScrollContainer: TableScrollContainer.extend({ defaultProps: { type: 'native', tabIndex: 0 } }),
    },
  });
}

/**
 * Contrast (WCAG AA 4.5:1): Mantine's default "dimmed" grey, error red and light-variant text of the
 * warm colours are too pale on light backgrounds; these are the darker replacements.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#555d66',
    '--mantine-color-placeholder': '#6b737c',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`])),
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light`, `var(--mantine-color-${c}-0)`])),
    '--mantine-color-yellow-light-color': '#7a4a00',
    '--mantine-color-orange-light-color': '#a33a00',
    // Filled red (danger buttons) with white text.
    '--mantine-color-red-filled': 'var(--mantine-color-red-8)',
    '--mantine-color-red-filled-hover': 'var(--mantine-color-red-9)',
    '--mantine-color-orange-filled': 'var(--mantine-color-orange-9)',
  },
  dark: {},
});
