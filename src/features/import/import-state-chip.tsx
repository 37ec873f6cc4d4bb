import Chip from '@mui/material/Chip';
import { useIntl } from 'react-intl';
import type { ImportState } from '../../../server/contract/imports';
import { stateWords } from './import-words';

export function ImportStateChip({ state }: { state: ImportState }) {
  const intl = useIntl();
  const { label, color } = stateWords[state];
  return (
    <Chip
      size="small"
      label={intl.formatMessage({ id: label })}
      color={color}
      variant={color === 'default' ? 'outlined' : 'filled'}
    />
  );
}
