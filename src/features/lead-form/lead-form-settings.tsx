import Box from '@mui/material/Box';
import { useWatch } from 'react-hook-form';
import type { Partition } from '../../../server/contract/partitions';
import { FormSelect } from '../../components/form/form-select';
import type { LeadFormControl } from './lead-form-values';

type Props = {
  control: LeadFormControl;
  partitions: Partition[];
  updating: boolean;
  /** Edit mode: one lead, updated by its id; action and match are fixed. */
  editing?: boolean;
};

const actionOptions = [
  { value: 'createOrUpdate', label: 'Create or update' },
  { value: 'createOnly', label: 'Create only' },
  { value: 'updateOnly', label: 'Update only' },
];

const lookupOptions = [
  { value: 'email', label: 'Email' },
  { value: 'id', label: 'Lead id (update only)' },
];

/** What applies to the whole batch: where new leads go, and how existing ones are matched. */
export function LeadFormSettings({ control, partitions, updating, editing = false }: Props) {
  const chosen = useWatch({ control, name: 'partitionName' });
  const partitionOptions = partitions.map((partition) => ({ value: partition.name, label: partition.name }));
  // A partition named in the URL stays selectable while the list loads (or if it no longer exists).
  if (chosen && !partitions.some((partition) => partition.name === chosen)) {
    partitionOptions.push({ value: chosen, label: chosen });
  }
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}>
      <FormSelect
        control={control}
        name="partitionName"
        label="Partition"
        options={partitionOptions}
        disabled={updating}
        helperText={updating ? 'Marketo keeps a lead in its partition when only updating' : undefined}
      />
      <FormSelect control={control} name="action" label="Action" options={actionOptions} disabled={editing} />
      <FormSelect
        control={control}
        name="lookupField"
        label="Match existing leads by"
        options={lookupOptions}
        disabled={editing}
      />
    </Box>
  );
}
