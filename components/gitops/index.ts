export { GitOpsBundle, GitOpsEngine, type GitOpsBundleProps } from './gitops-bundle';
