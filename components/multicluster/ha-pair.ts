import type { IConstruct } from 'constructs';

/**
 * The HA pairs of CIS instances MultiCluster declares: a primary and a secondary CIS write one partition
 * on purpose (the secondary only takes over when the primary's health endpoint stops answering), so the
 * one-CIS-per-partition rule lets exactly this partner through. Kept apart from the constructs so that
 * CisController can ask without importing MultiCluster.
 */
const PARTNERS = new WeakMap<IConstruct, IConstruct>();

/** Declares `primary` and `secondary` one HA pair. */
export function registerHaPair(primary: IConstruct, secondary: IConstruct): void {
  PARTNERS.set(primary, secondary);
  PARTNERS.set(secondary, primary);
}

/** The other CIS of the HA pair `controller` belongs to, if any. */
export function haPartnerOf(controller: IConstruct): IConstruct | undefined {
  return PARTNERS.get(controller);
}
