export * from './model';
export { fixedImpactReader } from './fixed';
