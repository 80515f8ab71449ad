export { ResidentLayout } from './resident-layout';
export { MePage } from './me-page';
export { JoinPage } from './join-page';
export { ForgotPage } from './forgot-page';
export { ChangePhonePage } from './change-phone-page';
export { ChangePasswordPage } from './change-password-page';
export { StaffHomeOrResident } from './staff-home-or-resident';
export { CodeLoginForm } from './code-login-form';
