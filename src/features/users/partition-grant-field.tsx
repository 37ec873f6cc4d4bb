import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useController, useWatch } from 'react-hook-form';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { useIntl } from 'react-intl';
import type { Partition } from '../../../server/contract/partitions';

type GrantValues = { allPartitions: boolean; partitionIds: number[] };

type Props<T extends GrantValues, TOut extends FieldValues> = {
  control: Control<T, unknown, TOut>;
  partitions: Partition[];
};

// Both user forms hold these two fields; react-hook-form cannot type a path into a generic form, hence the casts.
const allPath = 'allPartitions';
const idsPath = 'partitionIds';

/** "All partitions" (including future ones), or a chosen few. */
export function PartitionGrantField<T extends GrantValues, TOut extends FieldValues>({
  control,
  partitions,
}: Props<T, TOut>) {
  const intl = useIntl();
  const all = useController<T, FieldPath<T>, TOut>({ control, name: allPath as FieldPath<T> });
  const ids = useController<T, FieldPath<T>, TOut>({ control, name: idsPath as FieldPath<T> });
  const allChosen = useWatch({ control, name: allPath as FieldPath<T> }) as boolean;
  const chosenIds = ids.field.value as number[];
  const nameOf = (id: number) => partitions.find((partition) => partition.id === id)?.name ?? `#${id}`;
  return (
    <Stack spacing={1}>
      <FormControlLabel
        control={
          <Switch checked={allChosen} onChange={(event) => all.field.onChange(event.target.checked)} />
        }
        label={intl.formatMessage({ id: 'users.allPartitions' })}
      />
      {!allChosen && (
        <TextField
          select
          label={intl.formatMessage({ id: 'users.column.partitions' })}
          value={chosenIds}
          onChange={(event) => {
            const value = event.target.value as unknown;
            ids.field.onChange(Array.isArray(value) ? value.map(Number) : []);
          }}
          onBlur={ids.field.onBlur}
          inputRef={ids.field.ref}
          error={ids.fieldState.invalid}
          helperText={ids.fieldState.error?.message ?? intl.formatMessage({ id: 'users.partitions.help' })}
          slotProps={{
            select: { multiple: true, renderValue: (value) => (value as number[]).map(nameOf).join(', ') },
          }}
        >
          {partitions.map((partition) => (
            <MenuItem key={partition.id} value={partition.id}>
              {partition.name}
            </MenuItem>
          ))}
        </TextField>
      )}
    </Stack>
  );
}
