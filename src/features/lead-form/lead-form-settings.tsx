import Box from '@mui/material/Box';
import { useWatch } from 'react-hook-form';
import { useIntl } from 'react-intl';
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

/** What applies to the whole batch: where new leads go, and how existing ones are matched. */
export function LeadFormSettings({ control, partitions, updating, editing = false }: Props) {
  const intl = useIntl();
  const actionOptions = [
    { value: 'createOrUpdate', label: intl.formatMessage({ id: 'leadForm.action.createOrUpdate' }) },
    { value: 'createOnly', label: intl.formatMessage({ id: 'leadForm.action.createOnly' }) },
    { value: 'updateOnly', label: intl.formatMessage({ id: 'leadForm.action.updateOnly' }) },
  ];
  const lookupOptions = [
    { value: 'email', label: intl.formatMessage({ id: 'leadForm.lookup.email' }) },
    { value: 'id', label: intl.formatMessage({ id: 'leadForm.lookup.id' }) },
  ];
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
        label={intl.formatMessage({ id: 'leadForm.partition' })}
        options={partitionOptions}
        disabled={updating}
        helperText={updating ? intl.formatMessage({ id: 'leadForm.partitionKept' }) : undefined}
      />
      <FormSelect
        control={control}
        name="action"
        label={intl.formatMessage({ id: 'leadForm.action' })}
        options={actionOptions}
        disabled={editing}
      />
      <FormSelect
        control={control}
        name="lookupField"
        label={intl.formatMessage({ id: 'leadForm.lookupField' })}
        options={lookupOptions}
        disabled={editing}
      />
    </Box>
  );
}
