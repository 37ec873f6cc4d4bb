import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Field } from '../../../server/contract/fields';
import type { ImportAction } from '../../../server/contract/imports';
import type { Partition } from '../../../server/contract/partitions';
import { actionWords } from './import-words';

export type ImportChoices = { partitionName: string; action: ImportAction; lookupField: string };

type Props = {
  value: ImportChoices;
  partitions: readonly Partition[];
  /** Fields the columns fill now: any of them may be the key that finds existing leads. */
  mappedFields: readonly Field[];
  onChange: (value: ImportChoices) => void;
};

const actions = Object.keys(actionWords) as ImportAction[];

/** Where the leads go and how existing ones are found: one choice for the whole file. */
export function ImportSettingsFields({ value, partitions, mappedFields, onChange }: Props) {
  const intl = useIntl();
  const partitionNames = partitions.map((partition) => partition.name);
  // A partition named in the URL stays shown while the list loads; the check says if it is not granted.
  if (value.partitionName && !partitionNames.includes(value.partitionName))
    partitionNames.push(value.partitionName);
  const lookupOptions = new Map([
    ['email', intl.formatMessage({ id: 'leadForm.lookup.email' })],
    ['id', intl.formatMessage({ id: 'leadForm.leadId' })],
  ]);
  for (const field of mappedFields) {
    if (!lookupOptions.has(field.name)) lookupOptions.set(field.name, field.displayName);
  }
  if (!lookupOptions.has(value.lookupField)) lookupOptions.set(value.lookupField, value.lookupField);
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        gridTemplateColumns: 'repeat(auto-fill, minmax(min(220px, 100%), 1fr))',
      }}
    >
      <TextField
        select
        label={intl.formatMessage({ id: 'leadForm.partition' })}
        value={value.partitionName}
        onChange={(event) => onChange({ ...value, partitionName: event.target.value })}
        helperText={intl.formatMessage({
          id: value.action === 'updateOnly' ? 'import.partition.updateHelp' : 'import.partition.help',
        })}
      >
        {partitionNames.map((name) => (
          <MenuItem key={name} value={name}>
            {name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label={intl.formatMessage({ id: 'leadForm.action' })}
        value={value.action}
        onChange={(event) => onChange({ ...value, action: event.target.value as ImportAction })}
      >
        {actions.map((action) => (
          <MenuItem key={action} value={action}>
            <FormattedMessage id={actionWords[action]} />
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label={intl.formatMessage({ id: 'leadForm.lookupField' })}
        value={value.lookupField}
        onChange={(event) => onChange({ ...value, lookupField: event.target.value })}
      >
        {[...lookupOptions].map(([name, label]) => (
          <MenuItem key={name} value={name}>
            {label}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
}
