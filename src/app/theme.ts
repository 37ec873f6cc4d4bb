import { createTheme } from '@mui/material/styles';

const focusRing = 'var(--mui-palette-primary-main)';

/** Look-and-feel of the console: light and dark follow the operating system. */
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes: {
    // Warning and info are darker than MUI's defaults so white chip text meets WCAG AA contrast.
    light: {
      palette: {
        primary: { main: '#1f5fa8' },
        secondary: { main: '#5c3d99' },
        warning: { main: '#a64b00' },
        info: { main: '#01579b' },
      },
    },
    dark: { palette: { primary: { main: '#8ab8f0' }, secondary: { main: '#c3a8f5' } } },
  },
  shape: { borderRadius: 8 },
  typography: {
    h1: { fontSize: '1.75rem', fontWeight: 500 },
    h2: { fontSize: '1.25rem', fontWeight: 500 },
    h3: { fontSize: '1.05rem', fontWeight: 500 },
  },
  components: {
    // A visible ring on whatever the keyboard reached: MUI's default for buttons is only a faint ripple.
    MuiCssBaseline: {
      styleOverrides: {
        ':where(a, button, [role="button"], [role="tab"], input[type="checkbox"]):focus-visible, .Mui-focusVisible':
          {
            outline: `2px solid ${focusRing}`,
            outlineOffset: 2,
          },
        // Inside a scrolling list the ring would be clipped; draw it within the item instead.
        '.MuiListItemButton-root.Mui-focusVisible': { outlineOffset: -2 },
        // On the coloured top bar the primary colour would vanish; the bar's own text colour stands out.
        '.MuiAppBar-root .Mui-focusVisible, .MuiAppBar-root a:focus-visible': {
          outlineColor: 'currentColor',
        },
      },
    },
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
    MuiFormControl: { defaultProps: { size: 'small' } },
    MuiPaper: { defaultProps: { variant: 'outlined' } },
    MuiAppBar: { defaultProps: { elevation: 0, color: 'primary' } },
  },
});
