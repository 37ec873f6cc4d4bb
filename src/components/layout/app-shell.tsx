import type { ReactNode } from 'react';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../api/use-session';
import { AccountSummary } from './account-summary';
import { navItemsFor } from './nav-items';
import { QuotaBanner } from './quota-banner';
import { StatusSummary } from './status-summary';

const drawerWidth = 200;

/** Top bar with the instance, a side navigation and the page; sized for a laptop window and up. */
export function AppShell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const { data: session } = useSession();
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 2 }}>
          <Typography variant="h6" component="p" sx={{ flexGrow: 1 }}>
            Partition Console
          </Typography>
          <StatusSummary />
          <AccountSummary />
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{ width: drawerWidth, flexShrink: 0, '& .MuiDrawer-paper': { width: drawerWidth } }}
      >
        <Toolbar />
        <nav aria-label="Main">
          <List>
            {navItemsFor(session?.user).map((item) => {
              const current = item.matches(pathname);
              const Icon = item.icon;
              return (
                <ListItem key={item.path} disablePadding>
                  <ListItemButton
                    component={Link}
                    to={item.path}
                    selected={current}
                    aria-current={current ? 'page' : undefined}
                  >
                    <ListItemIcon>
                      <Icon />
                    </ListItemIcon>
                    <ListItemText primary={item.label} />
                  </ListItemButton>
                </ListItem>
              );
            })}
          </List>
        </nav>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, p: 3 }}>
        <Toolbar />
        <QuotaBanner />
        {children}
      </Box>
    </Box>
  );
}
