import DriveFileMoveOutlined from '@mui/icons-material/DriveFileMoveOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import ManageAccountsOutlined from '@mui/icons-material/ManageAccountsOutlined';
import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import ViewListOutlined from '@mui/icons-material/ViewListOutlined';
import type SvgIcon from '@mui/material/SvgIcon';
import type { User } from '../../../server/contract/access';
import { paths } from '../../config/paths';
import type { MessageId } from '../../i18n/message-ids';
import { canWriteLeads, isAdmin } from '../../lib/access';

export type NavItem = {
  label: MessageId;
  path: string;
  icon: typeof SvgIcon;
  /** Which pages count as "here" for this entry. */
  matches: (pathname: string) => boolean;
  /** Shown only to users this accepts; everyone when absent. */
  allowed?: (user: User) => boolean;
};

export const navItems: NavItem[] = [
  {
    label: 'nav.partitions',
    path: paths.partitions,
    icon: ViewListOutlined,
    matches: (pathname) => pathname.startsWith(paths.partitions),
  },
  {
    label: 'nav.leads',
    path: paths.leadNew,
    icon: PersonAddOutlined,
    matches: (pathname) => pathname.startsWith(paths.leadNew),
    allowed: canWriteLeads,
  },
  {
    label: 'nav.import',
    path: paths.imports,
    icon: UploadFileOutlined,
    matches: (pathname) => pathname.startsWith(paths.imports),
    allowed: canWriteLeads,
  },
  {
    label: 'nav.lookup',
    path: paths.leadLookup,
    icon: SearchOutlined,
    matches: (pathname) => pathname.startsWith(paths.leadLookup) && !pathname.startsWith(paths.leadNew),
  },
  {
    label: 'nav.moves',
    path: paths.moves,
    icon: DriveFileMoveOutlined,
    matches: (pathname) => pathname.startsWith(paths.moves),
    allowed: canWriteLeads,
  },
  {
    label: 'nav.activity',
    path: paths.activity,
    icon: HistoryOutlined,
    matches: (pathname) => pathname.startsWith(paths.activity),
  },
  {
    label: 'nav.users',
    path: paths.users,
    icon: ManageAccountsOutlined,
    matches: (pathname) => pathname.startsWith(paths.users),
    allowed: isAdmin,
  },
];

/** The entries this user may use; restricted ones stay hidden until the session is known. */
export function navItemsFor(user: User | undefined): NavItem[] {
  return navItems.filter((item) => !item.allowed || (user !== undefined && item.allowed(user)));
}
