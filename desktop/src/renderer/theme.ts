import { alpha, createTheme } from '@mui/material/styles';

/**
 * Surfaces of the app chrome, darkest to lightest. Neutral greys with a faint cool cast,
 * never pure black: footage is judged against this frame, so it must stay quiet.
 */
export const surface = {
  backdrop: '#141518',
  canvas: '#1a1b1e',
  panel: '#202125',
  raised: '#27282d',
  hover: '#2e3036',
  border: 'rgba(255, 255, 255, 0.08)',
  borderStrong: 'rgba(255, 255, 255, 0.14)',
} as const;

const accent = { main: '#2f6fdf', light: '#6ea0f5', dark: '#2459b8' } as const;
/**
 * The accent as text or as a thin outline on the dark surfaces: `main` reads at 3.4:1 on a panel,
 * under the 4.5:1 WCAG AA asks of text, so words in the accent colour use `light` (6.1:1).
 * Filled buttons keep `main` behind white text (4.7:1).
 */
const accentText = { color: accent.light } as const;
const focusRing = `2px solid ${accent.light}`;

/**
 * Keyboard focus on a grid that keeps DOM focus itself (aria-activedescendant): the ring goes on
 * the active row or card, or round the grid while none is active.
 */
export const gridFocusRing = {
  '&:focus-visible .focused': { outline: focusRing, outlineOffset: -2 },
  '&:focus-visible:not(:has(.focused))': { outline: focusRing, outlineOffset: -2 },
} as const;

const systemFont = [
  'system-ui',
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  '"Liberation Sans"',
  'Arial',
  'sans-serif',
].join(', ');

/** Read by screen readers, not drawn: a name or news that sighted users get from the layout. */
export const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

export const monoFont = ['ui-monospace', '"SF Mono"', 'Menlo', 'Consolas', '"Liberation Mono"', 'monospace'].join(', ');

export const theme = createTheme({
  palette: {
    mode: 'dark',
    primary: { ...accent, contrastText: '#ffffff' },
    secondary: { main: '#9aa0ab' },
    error: { main: '#e5534b', light: '#f47067' },
    warning: { main: '#d29922' },
    info: { main: '#539bf5' },
    success: { main: '#46954a', light: '#57ab5a' },
    background: { default: surface.canvas, paper: surface.panel },
    divider: surface.border,
    text: { primary: '#e6e7ea', secondary: '#a0a3ab', disabled: '#63666e' },
    action: {
      hover: 'rgba(255, 255, 255, 0.06)',
      selected: alpha(accent.main, 0.22),
      disabled: 'rgba(255, 255, 255, 0.28)',
      disabledBackground: 'rgba(255, 255, 255, 0.07)',
      focus: 'rgba(255, 255, 255, 0.10)',
    },
  },
  shape: { borderRadius: 6 },
  spacing: 8,
  typography: {
    fontFamily: systemFont,
    fontSize: 13,
    htmlFontSize: 16,
    h1: { fontSize: '1.375rem', fontWeight: 600, letterSpacing: '-0.01em' },
    h2: { fontSize: '1.125rem', fontWeight: 600 },
    h3: { fontSize: '0.9375rem', fontWeight: 600 },
    body1: { fontSize: '0.8125rem', lineHeight: 1.5 },
    body2: { fontSize: '0.75rem', lineHeight: 1.45 },
    caption: { fontSize: '0.6875rem', lineHeight: 1.4 },
    overline: { fontSize: '0.6875rem', fontWeight: 600, letterSpacing: '0.08em', lineHeight: 1.6 },
    button: { fontSize: '0.8125rem', fontWeight: 500, textTransform: 'none', letterSpacing: 0 },
  },
  components: {
    MuiCssBaseline: {
      styleOverrides: {
        'html, body, #root': { height: '100%' },
        body: { backgroundColor: surface.backdrop, overflow: 'hidden', userSelect: 'none' },
        'input, textarea, [contenteditable]': { userSelect: 'text' },
        ':focus-visible': { outline: focusRing, outlineOffset: 2 },
        '::selection': { backgroundColor: alpha(accent.main, 0.45) },
      },
    },
    MuiButtonBase: {
      defaultProps: { disableRipple: true },
      styleOverrides: {
        root: { '&.Mui-focusVisible': { outline: focusRing, outlineOffset: 2 } },
      },
    },
    MuiButton: {
      defaultProps: { disableElevation: true, size: 'small' },
      styleOverrides: {
        root: { borderRadius: 5, minHeight: 30, paddingInline: 12 },
        sizeLarge: { minHeight: 38, fontSize: '0.875rem' },
        outlined: { borderColor: surface.borderStrong },
      },
      variants: [
        { props: { variant: 'text', color: 'primary' }, style: accentText },
        { props: { variant: 'outlined', color: 'primary' }, style: accentText },
      ],
    },
    MuiTab: { styleOverrides: { root: { '&.Mui-selected': accentText } } },
    MuiFormLabel: { styleOverrides: { root: { '&.Mui-focused:not(.Mui-error)': accentText } } },
    MuiIconButton: {
      defaultProps: { size: 'small' },
      styleOverrides: { root: { borderRadius: 5 } },
    },
    MuiToggleButton: {
      defaultProps: { size: 'small' },
      styleOverrides: { root: { padding: 5, borderColor: surface.border } },
    },
    MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
    MuiOutlinedInput: {
      styleOverrides: {
        root: {
          backgroundColor: surface.canvas,
          '& .MuiOutlinedInput-notchedOutline': { borderColor: surface.borderStrong },
          '&:hover:not(.Mui-focused):not(.Mui-error) .MuiOutlinedInput-notchedOutline': {
            borderColor: 'rgba(255, 255, 255, 0.28)',
          },
        },
        input: { paddingBlock: 9 },
      },
    },
    MuiInputLabel: { styleOverrides: { root: { fontSize: '0.8125rem' } } },
    MuiFormHelperText: { styleOverrides: { root: { marginInline: 2, fontSize: '0.6875rem' } } },
    MuiPaper: { styleOverrides: { root: { backgroundImage: 'none' } } },
    MuiTooltip: {
      defaultProps: { enterDelay: 400, disableInteractive: true },
      styleOverrides: {
        tooltip: {
          backgroundColor: '#3a3c43',
          color: '#eceef1',
          fontSize: '0.6875rem',
          fontWeight: 400,
          padding: '4px 8px',
          border: `1px solid ${surface.borderStrong}`,
        },
      },
    },
    MuiMenu: {
      styleOverrides: {
        paper: { backgroundColor: surface.raised, border: `1px solid ${surface.border}` },
        list: { paddingBlock: 4 },
      },
    },
    MuiMenuItem: { styleOverrides: { root: { fontSize: '0.8125rem', minHeight: 32 } } },
    MuiChip: {
      styleOverrides: {
        sizeSmall: { height: 20, fontSize: '0.6875rem', borderRadius: 4 },
        labelSmall: { paddingInline: 6 },
      },
      variants: [{ props: { variant: 'outlined', color: 'primary' }, style: { ...accentText, borderColor: alpha(accent.light, 0.5) } }],
    },
    MuiAlert: {
      styleOverrides: {
        root: { fontSize: '0.8125rem', paddingBlock: 2, alignItems: 'flex-start' },
        icon: { paddingBlock: 8 },
        // A filled alert sits on the dark shade in the dark theme, but MUI picks its text for the
        // main shade (dark text on mid blue, 3.6:1): pick it for the shade it is really on.
        filled: ({ ownerState, theme }) => ({
          color: theme.palette.getContrastText(theme.palette[ownerState.severity ?? 'success'].dark),
        }),
      },
    },
    MuiListItemButton: {
      styleOverrides: {
        root: {
          borderRadius: 5,
          '&.Mui-selected': { backgroundColor: alpha(accent.main, 0.2) },
          '&.Mui-selected:hover': { backgroundColor: alpha(accent.main, 0.28) },
        },
      },
    },
    MuiBreadcrumbs: { styleOverrides: { separator: { marginInline: 4 } } },
    MuiSnackbarContent: { styleOverrides: { root: { fontSize: '0.8125rem' } } },
  },
});
