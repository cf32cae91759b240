/**
 * The OCS identity of a configuration's frames (site, telescope, instrument, proposal, request,
 * configuration, target): the header fields robotic frames (`run-configuration`) and frames an
 * operator attaches by hand (`operator`) share, so both land in the archive under the same keys.
 */
import type { ObservationPlan, PlannedConfiguration, TelescopeAddress } from './observation-source';

export interface FrameIdentity {
  siteId: string;
  enclosureId: string;
  telescopeId: string;
  telescopeName: null;
  instrumentId: string;
  instrumentType: string;
  proposalId: string;
  userId: string;
  groupId: string;
  observationId: number;
  requestId: number;
  requestGroupId: number;
  configurationId: number;
  configurationType: string;
  targetName: string;
  reductionLevel: 0;
}

export function frameIdentity(address: TelescopeAddress, obs: ObservationPlan, pc: PlannedConfiguration): FrameIdentity {
  return {
    siteId: address.site,
    enclosureId: address.enclosure,
    telescopeId: address.telescope,
    telescopeName: null,
    instrumentId: pc.instrumentName || 'unknown',
    instrumentType: pc.configuration.instrument_type,
    proposalId: obs.proposalId,
    userId: obs.submitter,
    groupId: obs.groupName,
    observationId: obs.id,
    requestId: obs.requestId,
    requestGroupId: obs.requestGroupId,
    configurationId: pc.configuration.id,
    configurationType: pc.configuration.type,
    targetName: pc.configuration.target.name,
    reductionLevel: 0,
  };
}
