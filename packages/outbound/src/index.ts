export { SecretBox } from './secret-box.js';
export {
  assertOutboundUrl,
  isForbiddenAddress,
  normaliseHttpUrl,
  OutboundUrlError,
  outboundUrlProblem,
  type OutboundUrlRules,
} from './outbound-url.js';
