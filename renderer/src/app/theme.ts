import { Modal, createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm teal-blue: reads as "money and health" without shouting, and keeps contrast in dark mode.
const brand: MantineColorsTuple = [
  '#e6f8fb',
  '#d3edf2',
  '#a8d9e4',
  '#7ac4d6',
  '#55b3ca',
  '#3ca8c3',
  '#2da2c0',
  '#1c8da9',
  '#097e98',
  '#006d85',
];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 6 },
  colors: { brand },
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Roboto, "Noto Sans", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Modal: Modal.extend({
      defaultProps: { radius: 'lg', padding: 'lg', overlayProps: { backgroundOpacity: 0.45, blur: 2 } },
      styles: { title: { fontSize: 'var(--mantine-font-size-lg)', fontWeight: 650 } },
    }),
  },
});
