/** The ACME platform team's vks-bigip patterns. */
export { StandardWebApp, type StandardWebAppProps } from './standard-web-app';
