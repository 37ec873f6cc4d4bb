// The emulated instance's lead schema: what describe/describe2 report, and what reads, writes and filters allow.
// Ids, names and types follow real instances (docs/marketo-api.md §9); the custom fields are this emulator's own.

export type DataType =
  | 'string'
  | 'text'
  | 'email'
  | 'phone'
  | 'url'
  | 'integer'
  | 'float'
  | 'currency'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'reference';

export interface FieldDef {
  id: number;
  name: string;
  displayName: string;
  dataType: DataType;
  length?: number;
  /** System-managed: never written from input. */
  readOnly?: boolean;
  soapName?: string;
  /** Usable as `filterType` and as `lookupField`; always so for custom string/email/integer fields. */
  searchable?: boolean;
  custom?: boolean;
}

/** docs/marketo-api.md §7: any custom field of these types is a valid `filterType` (and `lookupField`, §5.1). */
const CUSTOM_SEARCHABLE_TYPES: readonly DataType[] = ['string', 'email', 'integer'];

const f = (
  id: number,
  name: string,
  displayName: string,
  dataType: DataType,
  extra: Partial<FieldDef> = {},
): FieldDef => ({
  id,
  name,
  displayName,
  dataType,
  ...(['string', 'email', 'phone', 'url'].includes(dataType) && extra.length === undefined
    ? { length: 255 }
    : {}),
  ...(extra.custom && CUSTOM_SEARCHABLE_TYPES.includes(dataType) ? { searchable: true } : {}),
  ...extra,
});

export const FIELDS: readonly FieldDef[] = [
  f(44, 'id', 'Id', 'integer', { soapName: 'Id', searchable: true }),
  f(45, 'company', 'Company Name', 'string', { soapName: 'Company' }),
  f(46, 'site', 'Site', 'string', { soapName: 'Site' }),
  f(47, 'billingStreet', 'Billing Address', 'text', { soapName: 'BillingStreet' }),
  f(48, 'billingCity', 'Billing City', 'string', { soapName: 'BillingCity' }),
  f(49, 'billingState', 'Billing State', 'string', { soapName: 'BillingState' }),
  f(50, 'billingCountry', 'Billing Country', 'string', { soapName: 'BillingCountry' }),
  f(51, 'billingPostalCode', 'Billing Postal Code', 'string', { soapName: 'BillingPostalCode' }),
  f(52, 'website', 'Website', 'url', { soapName: 'Website' }),
  f(54, 'annualRevenue', 'Annual Revenue', 'currency', { soapName: 'AnnualRevenue' }),
  f(55, 'numberOfEmployees', 'Num Employees', 'integer', { soapName: 'NumberOfEmployees' }),
  f(56, 'email', 'Email Address', 'email', { soapName: 'Email', searchable: true }),
  f(57, 'industry', 'Industry', 'string', { soapName: 'Industry' }),
  f(60, 'salutation', 'Salutation', 'string', { soapName: 'Salutation' }),
  f(61, 'firstName', 'First Name', 'string', { soapName: 'FirstName' }),
  f(62, 'middleName', 'Middle Name', 'string', { soapName: 'MiddleName' }),
  f(63, 'lastName', 'Last Name', 'string', { soapName: 'LastName' }),
  f(65, 'title', 'Job Title', 'string', { soapName: 'Title' }),
  f(66, 'phone', 'Phone Number', 'phone', { soapName: 'Phone' }),
  f(67, 'mobilePhone', 'Mobile Phone Number', 'phone', { soapName: 'MobilePhone' }),
  f(68, 'fax', 'Fax Number', 'phone', { soapName: 'Fax' }),
  f(69, 'dateOfBirth', 'Date of Birth', 'date', { soapName: 'DateofBirth' }),
  f(70, 'address', 'Address', 'text', { soapName: 'Address' }),
  f(71, 'city', 'City', 'string', { soapName: 'City' }),
  f(72, 'state', 'State', 'string', { soapName: 'State' }),
  f(73, 'country', 'Country', 'string', { soapName: 'Country' }),
  f(74, 'postalCode', 'Postal Code', 'string', { soapName: 'PostalCode' }),
  f(76, 'leadSource', 'Lead Source', 'string', { soapName: 'LeadSource' }),
  f(77, 'leadStatus', 'Lead Status', 'string', { soapName: 'LeadStatus' }),
  f(80, 'leadScore', 'Lead Score', 'integer', { soapName: 'LeadScore' }),
  f(81, 'urgency', 'Urgency', 'float', { soapName: 'Urgency' }),
  f(82, 'priority', 'Priority', 'integer', { soapName: 'Priority' }),
  f(85, 'unsubscribed', 'Unsubscribed', 'boolean', { soapName: 'Unsubscribed' }),
  f(86, 'unsubscribedReason', 'Unsubscribed Reason', 'text', { soapName: 'UnsubscribedReason' }),
  f(87, 'doNotCall', 'Do Not Call', 'boolean', { soapName: 'DoNotCall' }),
  f(88, 'emailInvalid', 'Email Invalid', 'boolean', { soapName: 'EmailInvalid' }),
  f(89, 'marketingSuspended', 'Marketing Suspended', 'boolean', { soapName: 'MarketingSuspended' }),
  f(90, 'originalSourceType', 'Original Source Type', 'string', { readOnly: true }),
  f(91, 'personTimeZone', 'Person Time Zone', 'string', { readOnly: true }),
  f(92, 'twitterId', 'Twitter Id', 'string', { searchable: true }),
  f(93, 'facebookId', 'Facebook Id', 'string', { searchable: true }),
  f(94, 'linkedInId', 'LinkedIn Id', 'string', { searchable: true }),
  f(95, 'sfdcLeadId', 'SFDC Lead ID', 'string', { length: 18, searchable: true }),
  f(96, 'sfdcContactId', 'SFDC Contact ID', 'string', { length: 18, searchable: true }),
  f(97, 'sfdcAccountId', 'SFDC Account ID', 'string', { length: 18, searchable: true }),
  f(98, 'sfdcLeadOwnerId', 'SFDC Lead Owner ID', 'string', { length: 18, searchable: true }),
  f(99, 'sfdcOpptyId', 'SFDC Oppty ID', 'string', { length: 18, searchable: true }),
  f(130, 'createdAt', 'Created At', 'datetime', { readOnly: true, soapName: 'CreatedAt' }),
  f(131, 'updatedAt', 'Updated At', 'datetime', { readOnly: true, soapName: 'UpdatedAt' }),
  f(479, 'leadPartitionId', 'Lead Partition Id', 'reference', {
    soapName: 'Lead Partition ID',
    searchable: true,
  }),
  f(2001, 'externalCustomerId', 'External Customer Id', 'string', { custom: true }),
  f(2002, 'preferredLanguage', 'Preferred Language', 'string', { custom: true, length: 40 }),
  f(2003, 'customerTier', 'Customer Tier', 'integer', { custom: true }),
  f(2004, 'gdprConsent', 'GDPR Consent', 'boolean', { custom: true }),
  f(2005, 'lastEventDate', 'Last Event Date', 'date', { custom: true }),
  f(2006, 'lastWebinarAt', 'Last Webinar At', 'datetime', { custom: true }),
  f(2007, 'backupEmail', 'Backup Email', 'email', { custom: true }),
];

const byName = new Map(FIELDS.map((field) => [field.name, field]));

/** REST field names are matched exactly: a client that gets the case wrong should find out here. */
export function findField(name: string): FieldDef | undefined {
  return byName.get(name);
}

export const DEFAULT_READ_FIELDS = [
  'id',
  'email',
  'updatedAt',
  'createdAt',
  'firstName',
  'lastName',
] as const;

/** Standard filter types besides custom string/email/integer fields (docs/marketo-api.md §7); `cookies` is not a field. */
export const STANDARD_FILTER_TYPES = new Set(
  FIELDS.filter((field) => field.searchable && !field.custom).map((field) => field.name),
);

export const MAX_BATCH = 300;
