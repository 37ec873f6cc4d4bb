import { useState } from 'react';
import type { ReactNode } from 'react';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import MenuOutlined from '@mui/icons-material/MenuOutlined';
import { FormattedMessage, useIntl } from 'react-intl';
import { AccountName, AccountSummary, SignOutButton } from './account-summary';
import { LanguageMenu } from './language-menu';
import { MainNav } from './main-nav';
import { QuotaBanner } from './quota-banner';
import { MAIN_CONTENT_ID, SkipLink } from './skip-link';
import { StatusSummary } from './status-summary';

const drawerWidth = 200;
const drawerId = 'main-menu';

/**
 * Top bar, navigation and the page. From the `md` breakpoint up the menu is always beside the page; below it (a
 * phone) it opens from a menu button over the page, and the top bar keeps only the title, the language and Sign out.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const theme = useTheme();
  const intl = useIntl();
  // noSsr: read the width on the first render, so a phone never draws the desktop menu for a frame.
  const narrow = useMediaQuery(theme.breakpoints.down('md'), { noSsr: true });
  const [menuOpen, setMenuOpen] = useState(false);
  const closeMenu = () => setMenuOpen(false);
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <SkipLink />
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: narrow ? 1 : 2 }}>
          {narrow && (
            <IconButton
              color="inherit"
              edge="start"
              aria-label={intl.formatMessage({ id: 'shell.openMenu' })}
              aria-controls={drawerId}
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(true)}
            >
              <MenuOutlined />
            </IconButton>
          )}
          <Typography variant="h6" component="p" noWrap sx={{ flexGrow: 1 }}>
            <FormattedMessage id="app.name" />
          </Typography>
          {narrow ? (
            <>
              <LanguageMenu />
              <SignOutButton />
            </>
          ) : (
            <>
              <StatusSummary />
              <AccountSummary />
            </>
          )}
        </Toolbar>
      </AppBar>
      {narrow ? (
        <Drawer
          id={drawerId}
          variant="temporary"
          open={menuOpen}
          onClose={closeMenu}
          // The open drawer is a dialog, and a dialog needs a name.
          slotProps={{ paper: { 'aria-label': intl.formatMessage({ id: 'shell.menu' }) } }}
          sx={{ '& .MuiDrawer-paper': { width: 260 } }}
        >
          {/* What the phone's top bar has no room for. */}
          <Stack spacing={1} sx={{ p: 2 }}>
            <AccountName align="left" />
            <StatusSummary />
          </Stack>
          <MainNav onNavigate={closeMenu} />
        </Drawer>
      ) : (
        <Drawer
          variant="permanent"
          sx={{ width: drawerWidth, flexShrink: 0, '& .MuiDrawer-paper': { width: drawerWidth } }}
        >
          <Toolbar />
          <MainNav />
        </Drawer>
      )}
      {/* tabIndex -1: the skip link moves focus here, not just the scroll position. */}
      <Box
        component="main"
        id={MAIN_CONTENT_ID}
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, p: narrow ? 2 : 3, '&:focus': { outline: 'none' } }}
      >
        <Toolbar />
        <QuotaBanner />
        {children}
      </Box>
    </Box>
  );
}
