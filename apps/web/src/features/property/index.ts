export { PropertyPage } from './property-page';
export { PropertyComplaintsCard } from './complaint-card';
export { MyCompoundCard } from './my-compound-card';
export { canReadProperty } from './property-roles';
