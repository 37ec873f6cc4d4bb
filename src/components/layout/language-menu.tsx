import { useId, useState } from 'react';
import Button from '@mui/material/Button';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import CheckOutlined from '@mui/icons-material/CheckOutlined';
import TranslateOutlined from '@mui/icons-material/TranslateOutlined';
import { useIntl } from 'react-intl';
import { LANGUAGE_NAMES } from '../../i18n/language-names';
import { useLocale } from '../../i18n/locale-context';
import { availableLocales } from '../../i18n/locales';

/** The account's language: a button naming the current one, opening the list of the others. */
export function LanguageMenu({ color = 'inherit' }: { color?: 'inherit' | 'primary' }) {
  const intl = useIntl();
  const { locale, setLocale } = useLocale();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const close = () => setAnchor(null);
  return (
    <>
      <Button
        color={color}
        startIcon={<TranslateOutlined />}
        aria-label={intl.formatMessage({ id: 'language.button' }, { language: LANGUAGE_NAMES[locale] })}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={Boolean(anchor)}
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ flexShrink: 0 }}
      >
        {locale === 'pseudo' ? 'ƥš' : locale.slice(0, 2).toUpperCase()}
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={Boolean(anchor)} onClose={close}>
        {availableLocales().map((option) => (
          <MenuItem
            key={option}
            lang={option === 'pseudo' ? 'en' : option}
            selected={option === locale}
            onClick={() => {
              setLocale(option);
              close();
            }}
          >
            <ListItemIcon>{option === locale && <CheckOutlined fontSize="small" />}</ListItemIcon>
            <ListItemText>{LANGUAGE_NAMES[option]}</ListItemText>
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
