import TextField from '@mui/material/TextField';
import type { TextFieldProps } from '@mui/material/TextField';
import { useController } from 'react-hook-form';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { useIntl } from 'react-intl';
import { validationMessage } from '../../i18n/validation-words';
import type { IssueWords } from '../../i18n/validation-words';

// TOut: what the resolver hands to submit, when it differs from what the inputs hold.
export type FormFieldProps<T extends FieldValues, TOut extends FieldValues = T> = Omit<
  TextFieldProps,
  'name' | 'value' | 'onChange' | 'error'
> & {
  control: Control<T, unknown, TOut>;
  name: FieldPath<T>;
  /** The field's validation messages by zod issue code (see validation-words.ts). */
  validationWords?: IssueWords;
};

/** MUI TextField bound to react-hook-form: value, label, error state and message stay in sync. */
export function FormTextField<T extends FieldValues, TOut extends FieldValues = T>({
  control,
  name,
  helperText,
  validationWords,
  ...props
}: FormFieldProps<T, TOut>) {
  const intl = useIntl();
  const { field, fieldState } = useController<T, FieldPath<T>, TOut>({ control, name });
  return (
    <TextField
      {...props}
      name={field.name}
      value={field.value ?? ''}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={fieldState.invalid}
      helperText={validationMessage(intl, fieldState.error, validationWords) ?? helperText}
    />
  );
}
