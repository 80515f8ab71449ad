export { ConsultationPage } from './consultation-page';
export { ConsultationsPage } from './consultations-page';
export { MyConsultationPage, MyConsultationsPage } from './resident-pages';
export { canOpenConsultations, canReadConsultations } from './consultation-roles';
