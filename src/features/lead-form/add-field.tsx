import { useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useIntl } from 'react-intl';
import type { Field } from '../../../server/contract/fields';

type Props = { options: Field[]; loading: boolean; failed: boolean; onAdd: (field: Field) => void };

/** Picks any other writable Marketo field to show on every lead row. */
export function AddField({ options, loading, failed, onAdd }: Props) {
  const intl = useIntl();
  const [inputValue, setInputValue] = useState('');
  return (
    <Autocomplete
      options={options}
      loading={loading}
      value={null}
      inputValue={inputValue}
      onInputChange={(_event, value) => setInputValue(value)}
      getOptionLabel={(field) => `${field.displayName} (${field.name})`}
      onChange={(_event, field) => {
        if (field) onAdd(field);
        setInputValue('');
      }}
      sx={{ width: 320 }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={intl.formatMessage({ id: 'leadForm.addField' })}
          size="small"
          error={failed}
          helperText={failed ? intl.formatMessage({ id: 'leadForm.fieldsFailed' }) : undefined}
        />
      )}
    />
  );
}
