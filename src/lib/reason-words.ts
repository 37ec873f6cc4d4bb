export { reasonWords } from '../../server/contract/reason-words';
