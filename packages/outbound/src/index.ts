export { SecretBox } from './secret-box.js';
export {
  assertOutboundUrl,
  isForbiddenAddress,
  OutboundUrlError,
  outboundUrlProblem,
  type OutboundUrlRules,
} from './outbound-url.js';
