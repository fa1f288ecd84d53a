export * from "./model.js";
export { diffPlans } from "./definitions.js";
export {
  MembershipDiffer,
  type MembershipDiffOptions,
  type MembershipDiffResult,
  type EvaluatedAccount,
} from "./membership.js";
export * from "./render/index.js";
export { emptyBase } from "./empty.js";
