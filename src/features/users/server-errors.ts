import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import type { IntlShape } from 'react-intl';
import type { ApiError } from '../../api/api-error';
import { detailWords } from '../../lib/error-reason-words';
import { formFieldOf } from './user-form-values';

/** Puts each server detail (a duplicate email, the last admin) under the input it is about. */
export function placeServerErrors<T extends FieldValues>(
  intl: IntlShape,
  error: ApiError,
  setError: UseFormSetError<T>,
  fields: readonly string[],
): void {
  for (const detail of error.details) {
    const field = formFieldOf(detail.path);
    if (fields.includes(field))
      setError(field as FieldPath<T>, { type: 'server', message: detailWords(intl, detail) });
  }
}

/** True unless every detail of a 400 already shows beside its input. */
export function needsAlert(error: ApiError, fields: readonly string[]): boolean {
  return (
    error.details.length === 0 || !error.details.every((detail) => fields.includes(formFieldOf(detail.path)))
  );
}
