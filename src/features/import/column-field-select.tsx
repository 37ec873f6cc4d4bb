import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useIntl } from 'react-intl';
import type { Field } from '../../../server/contract/fields';

type Props = {
  /** Accessible name, e.g. "Field for column E-mail". */
  label: string;
  value: string | null;
  fields: readonly Field[];
  /** Fields other columns already fill: one field takes one column. */
  taken: ReadonlySet<string>;
  onChange: (field: string | null) => void;
};

// `null` cannot be an Autocomplete option (it means "nothing chosen"), so "Don't import" has its own token.
const DONT_IMPORT = '';

/** One column's target: any writable field, searchable by display or REST name, or "Don't import". */
export function ColumnFieldSelect({ label, value, fields, taken, onChange }: Props) {
  const intl = useIntl();
  const byName = new Map(fields.map((field) => [field.name, field]));
  const options = [DONT_IMPORT, ...fields.map((field) => field.name)];
  const optionLabel = (name: string) => {
    if (name === DONT_IMPORT) return intl.formatMessage({ id: 'import.mapping.dontImport' });
    const field = byName.get(name);
    return field ? `${field.displayName} (${field.name})` : name;
  };
  return (
    <Autocomplete
      options={options}
      value={value ?? DONT_IMPORT}
      disableClearable
      getOptionLabel={optionLabel}
      getOptionDisabled={(name) => name !== value && taken.has(name)}
      onChange={(_event, name) => onChange(name === DONT_IMPORT ? null : name)}
      sx={{ minWidth: { xs: 160, sm: 220 } }}
      renderInput={(params) => (
        <TextField
          {...params}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, 'aria-label': label },
          }}
        />
      )}
    />
  );
}
