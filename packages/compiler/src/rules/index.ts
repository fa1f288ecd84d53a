import type { CheckContext } from "../context.js";
import { ActivationReferenceRule } from "./ActivationReferenceRule.js";
import { AsOfDateRule } from "./AsOfDateRule.js";
import { ColumnNameRule } from "./ColumnNameRule.js";
import { ComputeRule } from "./ComputeRule.js";
import { ContactsConditionRule } from "./ContactsConditionRule.js";
import { DateFormatRule } from "./DateFormatRule.js";
import { DefineCycleRule } from "./DefineCycleRule.js";
import { DefineDepthRule } from "./DefineDepthRule.js";
import { DestinationSettingsRule } from "./DestinationSettingsRule.js";
import { DuplicateIdRule } from "./DuplicateIdRule.js";
import { EmptyConditionRule } from "./EmptyConditionRule.js";
import { EnumValueRule } from "./EnumValueRule.js";
import { ExpandedSizeRule } from "./ExpandedSizeRule.js";
import { ExactNumberRule } from "./ExactNumberRule.js";
import { FallbackSegmentRule } from "./FallbackSegmentRule.js";
import { FieldDefinitionRule } from "./FieldDefinitionRule.js";
import { KeyFieldRule } from "./KeyFieldRule.js";
import { NameCollisionRule } from "./NameCollisionRule.js";
import { MeasureTestRule } from "./MeasureTestRule.js";
import { NameRule } from "./NameRule.js";
import { NormalizationRule } from "./NormalizationRule.js";
import { OperatorTypeRule } from "./OperatorTypeRule.js";
import { QualityBoundsRule } from "./QualityBoundsRule.js";
import { RankKeyRule } from "./RankKeyRule.js";
import { RegexRule } from "./RegexRule.js";
import { ScoreDefinitionRule } from "./ScoreDefinitionRule.js";
import { SecretRule } from "./SecretRule.js";
import { SegmentCountRule } from "./SegmentCountRule.js";
import { TemplateRule } from "./TemplateRule.js";
import { UnknownReferenceRule } from "./UnknownReferenceRule.js";

export { UnreachableRule } from "./UnreachableRule.js";

/** The checks that run on the resolved spec, before lowering. Each reports into the context. */
export const specifiedRules: readonly ((ctx: CheckContext) => void)[] = [
  FieldDefinitionRule,
  NormalizationRule,
  DateFormatRule,
  ComputeRule,
  KeyFieldRule,
  NameCollisionRule,
  ScoreDefinitionRule,
  DefineCycleRule,
  DefineDepthRule,
  ExpandedSizeRule,
  UnknownReferenceRule,
  OperatorTypeRule,
  MeasureTestRule,
  ContactsConditionRule,
  EnumValueRule,
  RegexRule,
  EmptyConditionRule,
  DuplicateIdRule,
  FallbackSegmentRule,
  SegmentCountRule,
  ActivationReferenceRule,
  TemplateRule,
  SecretRule,
  RankKeyRule,
  AsOfDateRule,
  NameRule,
  ColumnNameRule,
  QualityBoundsRule,
  ExactNumberRule,
  DestinationSettingsRule,
];
