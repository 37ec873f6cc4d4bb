/**
 * A header or field name reduced to what a person means by it: "E-mail Address", "email_address" and
 * "EmailAddress" are one key. Accents go too, so "Teléfono" and "Telefono" match.
 */
export function headerKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}
