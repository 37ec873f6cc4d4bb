import type { Field } from '../../../server/contract/fields';
import { IMPORT_RESULT_COLUMNS } from '../../../server/contract/reason-words';
import { headerKey } from './header-key';

/** One entry per column: the REST name of the field it fills, or `null` to leave the column out. */
export type ColumnMapping = (string | null)[];

/** What a header may say for the six fields nearly every lead file has, beyond their own names. */
const synonyms: Record<string, readonly string[]> = {
  email: ['e-mail', 'email address', 'e-mail address', 'mail', 'email id'],
  firstName: ['first name', 'first', 'given name', 'forename'],
  lastName: ['last name', 'last', 'surname', 'family name'],
  company: ['company name', 'organization', 'organisation', 'account name', 'employer'],
  phone: ['phone number', 'telephone', 'tel', 'work phone', 'business phone'],
  title: ['job title', 'position', 'job'],
};

// A results download fixed and uploaded again must not send what the import added to it ("Marketo lead id"
// would fill Marketo's id field). Never suggested; a column mapped by hand is remembered like any other.
const resultColumnKeys = new Set<string>(IMPORT_RESULT_COLUMNS.map(headerKey));

type Pass = (field: Field) => readonly string[];

// Strongest first, so "Email" takes the email field even when an earlier column says "E-mail".
const passes: Pass[] = [
  (field) => [field.name],
  (field) => [field.displayName],
  (field) => synonyms[field.name] ?? [],
];

/**
 * Maps each column to a writable field by REST name, then display name, then synonym; never two columns to
 * one field, and never the columns a results download adds. `preferred` (the remembered choices, by header key)
 * goes before all of these, and a remembered `null` keeps its column out.
 */
export function suggestMapping(
  columns: readonly string[],
  fields: readonly Field[],
  preferred: Readonly<Record<string, string | null>> = {},
): ColumnMapping {
  const mapping: ColumnMapping = columns.map(() => null);
  const decided = new Set<number>();
  const taken = new Set<string>();
  const writable = new Set(fields.map((field) => field.name));

  for (const [index, column] of columns.entries()) {
    const key = headerKey(column);
    if (!Object.hasOwn(preferred, key)) continue;
    const choice = preferred[key] ?? null;
    if (choice === null) {
      decided.add(index);
    } else if (writable.has(choice) && !taken.has(choice)) {
      mapping[index] = choice;
      taken.add(choice);
      decided.add(index);
    }
  }

  for (const names of passes) {
    const byKey = new Map<string, string>();
    for (const field of fields) {
      for (const name of names(field)) {
        const key = headerKey(name);
        if (key && !byKey.has(key)) byKey.set(key, field.name);
      }
    }
    for (const [index, column] of columns.entries()) {
      if (decided.has(index) || resultColumnKeys.has(headerKey(column))) continue;
      const field = byKey.get(headerKey(column));
      if (field === undefined || taken.has(field)) continue;
      mapping[index] = field;
      taken.add(field);
      decided.add(index);
    }
  }
  return mapping;
}
