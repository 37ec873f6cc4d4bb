import Chip from '@mui/material/Chip';
import type { ImportState } from '../../../server/contract/imports';
import { stateWords } from './import-words';

export function ImportStateChip({ state }: { state: ImportState }) {
  const { label, color } = stateWords[state];
  return (
    <Chip size="small" label={label} color={color} variant={color === 'default' ? 'outlined' : 'filled'} />
  );
}
