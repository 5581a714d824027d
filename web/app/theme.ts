import { Anchor, createTheme, type CSSVariablesResolver } from '@mantine/core';

/** Mantine's default theme with one restrained primary colour: a deep blue-teal ("portico"). */
export const theme = createTheme({
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
  },
});

/**
 * Mantine's default "dimmed" grey is below 4.5:1 on light backgrounds; ours meets WCAG AA.
 * Light variants (badges, light buttons) use the darkest shade for text, for the same reason.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#555d66',
    '--mantine-color-placeholder': '#6b737c',
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`])),
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light`, `var(--mantine-color-${c}-0)`])),
  },
  dark: {},
});
