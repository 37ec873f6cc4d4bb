// Which fields Marketo can look leads up by (docs/marketo-api.md §5.1): these standard ones, and custom fields of type string,
// email or integer. describe.json marks neither, so the standard fields of those types that Marketo refuses
// (1011) are named below; one missing from the list is refused by Marketo on the first chunk instead.
const STANDARD_LOOKUP_FIELDS = new Set([
  'email',
  'id',
  'twitterId',
  'facebookId',
  'linkedInId',
  'sfdcAccountId',
  'sfdcContactId',
  'sfdcLeadId',
  'sfdcLeadOwnerId',
  'sfdcOpptyId',
]);
const CUSTOM_LOOKUP_TYPES = new Set(['string', 'email', 'integer']);
const STANDARD_NOT_LOOKUP_FIELDS = new Set([
  'company',
  'site',
  'billingCity',
  'billingState',
  'billingCountry',
  'billingPostalCode',
  'numberOfEmployees',
  'industry',
  'sicCode',
  'salutation',
  'firstName',
  'middleName',
  'lastName',
  'title',
  'department',
  'city',
  'state',
  'country',
  'postalCode',
  'leadSource',
  'leadStatus',
  'leadScore',
  'leadRole',
  'priority',
  'rating',
  'personType',
  'originalSourceType',
  'originalSourceInfo',
  'registrationSourceType',
  'registrationSourceInfo',
  'personTimeZone',
  'inferredCompany',
  'inferredCountry',
  'inferredCity',
  'inferredStateRegion',
  'inferredPostalCode',
  'anonymousIP',
  'doNotCallReason',
]);

export function canLookUpBy(field: string, dataType: string): boolean {
  if (STANDARD_LOOKUP_FIELDS.has(field)) return true;
  return CUSTOM_LOOKUP_TYPES.has(dataType) && !STANDARD_NOT_LOOKUP_FIELDS.has(field);
}
