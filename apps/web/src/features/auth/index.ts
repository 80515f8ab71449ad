export { LoginPage, LoginFrame } from './login-page';
export { LoginForm } from './login-form';
