export { VerifyPage } from './verify-page';
export { HouseholdPage } from './household-page';
export { VerificationsPage } from './verifications-page';
export { canVerifyResidents } from './verification-roles';
