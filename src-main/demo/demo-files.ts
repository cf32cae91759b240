import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo observatory as shipped in resources/demo (see its README for the formats). */
export interface DemoFiles {
  sites: unknown;
  proposals: { proposals: DemoProposal[] } & Record<string, unknown>;
  requestGroups: { request_groups: DemoRequestGroup[] } & Record<string, unknown>;
}

export interface DemoProposal {
  id: string;
  title: string;
  tac_priority: number;
  active: boolean;
  [key: string]: unknown;
}

export interface DemoWindowOffset {
  start_offset_hours: number;
  end_offset_hours: number;
}

export interface DemoRequestGroup {
  submitter?: string;
  name: string;
  proposal: string;
  observation_type: string;
  operator: string;
  ipp_value: number;
  requests: ({ windows?: DemoWindowOffset[] } & Record<string, unknown>)[];
  [key: string]: unknown;
}

export function readDemoFiles(resourcesDir: string): DemoFiles {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(resourcesDir, 'demo', name), 'utf8'));
  return {
    sites: read('sites.json'),
    proposals: read('proposals.json') as DemoFiles['proposals'],
    requestGroups: read('requestgroups.json') as DemoFiles['requestGroups'],
  };
}
