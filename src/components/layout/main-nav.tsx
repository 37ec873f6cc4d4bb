import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../api/use-session';
import { navItemsFor } from './nav-items';

/** The pages this user may visit; `onNavigate` lets a phone's drawer close once one is chosen. */
export function MainNav({ onNavigate }: { onNavigate?: () => void }) {
  const intl = useIntl();
  const { pathname } = useLocation();
  const { data: session } = useSession();
  return (
    <nav aria-label={intl.formatMessage({ id: 'shell.mainNav' })}>
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
                onClick={onNavigate}
              >
                <ListItemIcon>
                  <Icon />
                </ListItemIcon>
                <ListItemText primary={<FormattedMessage id={item.label} />} />
              </ListItemButton>
            </ListItem>
          );
        })}
      </List>
    </nav>
  );
}
