export { isMarketoReasonCode, reasonWords } from '../../server/contract/reason-words';
