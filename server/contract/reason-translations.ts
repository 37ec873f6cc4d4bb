// The results download's reason column in Spanish and French. The SPA's messages (src/i18n/messages/) are the
// source: these are their copies for the proxy, which cannot read the SPA's files, and a web test
// (src/i18n/reason-translations.test.ts) fails when the two differ. English is reasonWords itself.
import type { z } from 'zod';
import { RowProblemKindSchema, type ResultsLanguage } from './imports';
import type { Reason } from './leads';
import { reasonWords, type ReasonContext } from './reason-words';

/** The SPA message ids these sentences copy. */
export type ReasonMessageId =
  | 'reason.1001'
  | 'reason.1004'
  | 'reason.1005'
  | 'reason.1005.field'
  | 'reason.1006'
  | 'reason.1007'
  | 'reason.1008'
  | 'reason.1009'
  | 'reason.1010'
  | 'reason.1021'
  | 'reason.413'
  | `import.rowProblem.${z.infer<typeof RowProblemKindSchema>}`;

type Translated = Exclude<ResultsLanguage, 'en'>;

export const REASON_TRANSLATIONS: Record<Translated, Record<ReasonMessageId, string>> = {
  'es-MX': {
    'reason.1001': 'Marketo rechazó un valor ({detail}).',
    'reason.1004': 'Ningún prospecto coincide.',
    'reason.1005': 'Este prospecto ya existe.',
    'reason.1005.field': 'Ya existe un prospecto con este valor de {field}.',
    'reason.1006': 'Marketo no acepta uno de los campos ({detail}).',
    'reason.1007': 'Coincide más de un prospecto; usa el ID del prospecto.',
    'reason.1008': 'No tienes acceso a esa partición.',
    'reason.1009': 'Primero elige una partición.',
    'reason.1010': 'Este prospecto ya está en otra partición.',
    'reason.1021': 'Los campos de empresa no se pueden cambiar desde aquí.',
    'reason.413': 'Esta fila es más grande de lo que Marketo acepta en una solicitud (1 MB).',
    'import.rowProblem.bad_email': 'El correo electrónico no es válido.',
    'import.rowProblem.column_count': 'La fila tiene más o menos celdas que la fila de encabezado.',
    'import.rowProblem.duplicate_key': 'Una fila anterior tiene la misma clave.',
    'import.rowProblem.missing_lookup': 'Falta el valor para buscar prospectos existentes.',
    'import.rowProblem.too_long': 'Un valor es más largo de lo que permite su campo.',
    'import.rowProblem.type_error':
      'Un valor no corresponde a su campo (se esperaba un número, una fecha o sí/no).',
  },
  'fr-CA': {
    'reason.1001': 'Marketo a refusé une valeur ({detail}).',
    'reason.1004': 'Aucun prospect ne correspond.',
    'reason.1005': 'Ce prospect existe déjà.',
    'reason.1005.field': 'Un prospect avec cette valeur de {field} existe déjà.',
    'reason.1006': 'Marketo n’accepte pas un des champs ({detail}).',
    'reason.1007': 'Plus d’un prospect correspond; utilisez plutôt l’ID du prospect.',
    'reason.1008': 'Vous n’avez pas accès à cette partition.',
    'reason.1009': 'Choisissez d’abord une partition.',
    'reason.1010': 'Ce prospect se trouve déjà dans une autre partition.',
    'reason.1021': 'Les champs d’entreprise ne peuvent pas être modifiés ici.',
    'reason.413': 'Cette ligne dépasse ce que Marketo accepte en une requête (1 Mo).',
    'import.rowProblem.bad_email': 'L’adresse courriel n’est pas valide.',
    'import.rowProblem.column_count': 'La ligne a plus ou moins de cellules que la ligne d’en-tête.',
    'import.rowProblem.duplicate_key': 'Une ligne précédente a la même clé.',
    'import.rowProblem.missing_lookup': 'La valeur qui sert à repérer les prospects existants est vide.',
    'import.rowProblem.too_long': 'Une valeur dépasse la longueur permise par son champ.',
    'import.rowProblem.type_error':
      'Une valeur ne correspond pas à son champ (un nombre, une date ou oui/non était attendu).',
  },
};

/** Marketo's codes (and the proxy's 413) by the sentence that words them, as src/lib/reason-words.ts maps them. */
const CODE_SENTENCES: Record<string, ReasonMessageId> = {
  '1001': 'reason.1001',
  '1002': 'reason.1001',
  '1003': 'reason.1001',
  '1004': 'reason.1004',
  '1005': 'reason.1005',
  '1006': 'reason.1006',
  '1007': 'reason.1007',
  '1008': 'reason.1008',
  '1009': 'reason.1009',
  '1010': 'reason.1010',
  '1011': 'reason.1006',
  '1021': 'reason.1021',
  '413': 'reason.413',
};

// The sentences have plain `{name}` placeholders only (no plurals or ICU quoting: the web test checks).
function fill(sentence: string, values: Record<string, string>): string {
  return sentence.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * A row's reason in `language`. In English the check's own problems keep the proxy's detailed sentence, as the
 * SPA shows them; other languages word them by kind. An unknown code keeps Marketo's message.
 */
export function reasonWordsIn(
  language: ResultsLanguage,
  reason: Reason,
  context: ReasonContext = {},
): string {
  if (language === 'en') return reasonWords(reason, context);
  const sentences = REASON_TRANSLATIONS[language];
  if (reason.code === '1005' && context.lookupField !== undefined) {
    return fill(sentences['reason.1005.field'], { field: context.lookupField });
  }
  const id = CODE_SENTENCES[reason.code];
  if (id) return fill(sentences[id], { detail: reason.message });
  const kind = RowProblemKindSchema.safeParse(reason.code);
  return kind.success ? sentences[`import.rowProblem.${kind.data}`] : reason.message;
}
