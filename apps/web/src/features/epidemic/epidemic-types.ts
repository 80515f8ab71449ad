/**
 * The shapes of 社区通's staff answers, from `@cc/contracts` (declarations.ts, observations.ts),
 * under the short names these pages use.
 */
import type {
  DeclarationPage as ContractDeclarationPage,
  DeclarationReviewView,
  KeyRegionView,
  ObservationDetail as ContractObservationDetail,
  ObservationRow as ContractObservationRow,
  ObservationStep as ContractObservationStep,
} from '@cc/contracts';

export {
  ARRIVAL_MEANS,
  DECLARATION_STATUSES,
  KEY_REGION_LEVELS,
  OBSERVATION_END_REASONS as END_REASONS,
  OBSERVATION_SYMPTOMS as SYMPTOMS,
  OBSERVATION_TODAY as TODAY_STATUSES,
} from '@cc/contracts';
export type {
  DeclarationCounts,
  DeclarationDetail,
  DeclarationLinkView as DeclarationLink,
  DeclarationRevealField as RevealField,
  DeclarationReviewBody as ReviewDeclarationBody,
  DeclarationRow,
  DeclarationStatus,
  EndObservationBody,
  KeyRegionBody as CreateKeyRegionBody,
  KeyRegionLevel,
  KeyRegionPatch as UpdateKeyRegionBody,
  ObservationCheckIn,
  ObservationCounts,
  ObservationList,
  ObservationEndReason as EndReason,
  ObservationToday as TodayStatus,
  RegionItem as Region,
  ReviewDecision,
  StaffCheckInBody,
} from '@cc/contracts';

export type DeclarationList = ContractDeclarationPage;
export type DeclarationReview = DeclarationReviewView;
export type KeyRegion = KeyRegionView;

/**
 * The cases behind an observation's numbers, with their ids (the case page's key), when the
 * server sends them; without them the numbers are shown as they are.
 */
interface WithCaseIds {
  cases?: { id: string; number: string }[];
}

export type ObservationRow = ContractObservationRow & WithCaseIds;
export type ObservationStep = ContractObservationStep & { caseId?: string };
export type ObservationDetail = ContractObservationDetail & WithCaseIds;
