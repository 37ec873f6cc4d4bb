import MenuItem from '@mui/material/MenuItem';
import type { FieldValues } from 'react-hook-form';
import { FormTextField } from './form-text-field';
import type { FormFieldProps } from './form-text-field';

export type SelectOption = { value: string; label: string };

type Props<T extends FieldValues, TOut extends FieldValues> = Omit<FormFieldProps<T, TOut>, 'select'> & {
  options: SelectOption[];
};

/** A select with the same binding as FormTextField (MUI's select TextField carries label and helper text). */
export function FormSelect<T extends FieldValues, TOut extends FieldValues = T>({
  options,
  ...props
}: Props<T, TOut>) {
  return (
    <FormTextField {...props} select>
      {options.map((option) => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </FormTextField>
  );
}
