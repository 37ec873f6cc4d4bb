import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import ViewListOutlined from '@mui/icons-material/ViewListOutlined';
import type SvgIcon from '@mui/material/SvgIcon';
import { paths } from '../../config/paths';

export type NavItem = {
  label: string;
  path: string;
  icon: typeof SvgIcon;
  /** Which pages count as "here" for this entry. */
  matches: (pathname: string) => boolean;
};

export const navItems: NavItem[] = [
  {
    label: 'Partitions',
    path: paths.partitions,
    icon: ViewListOutlined,
    matches: (pathname) => pathname.startsWith(paths.partitions),
  },
  {
    label: 'Leads',
    path: paths.leadNew,
    icon: PersonAddOutlined,
    matches: (pathname) => pathname.startsWith(paths.leadNew),
  },
  {
    label: 'Look up',
    path: paths.leadLookup,
    icon: SearchOutlined,
    matches: (pathname) => pathname.startsWith(paths.leadLookup) && !pathname.startsWith(paths.leadNew),
  },
];
