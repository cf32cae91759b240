/**
 * The demo observatory files in resources/demo/ (see its README): proposals/semesters/users, and
 * request groups whose windows are hours relative to the seed time so they are always in the
 * future. `materializeDemoRequestGroups` turns the latter into OCS submit payloads.
 */
import { z } from 'zod';
import { formatOcsDatetime, parseOcsDatetimeMs } from './drf-fields';

const isoDatetime = z.string().refine((s) => parseOcsDatetimeMs(s) !== null, 'Not an ISO 8601 datetime');

export const semesterSchema = z.object({ id: z.string(), start: isoDatetime, end: isoDatetime });
export type Semester = z.output<typeof semesterSchema>;

export const timeAllocationSchema = z.object({
  semester: z.string(),
  instrument_types: z.array(z.string()).min(1),
  /** Hours. */
  std_allocation: z.number().min(0),
  std_time_used: z.number().min(0).default(0),
  rr_allocation: z.number().min(0),
  rr_time_used: z.number().min(0).default(0),
  tc_allocation: z.number().min(0),
  tc_time_used: z.number().min(0).default(0),
  realtime_allocation: z.number().min(0).default(0),
  realtime_time_used: z.number().min(0).default(0),
  ipp_limit: z.number().min(0),
  ipp_time_available: z.number().min(0),
});
export type TimeAllocation = z.output<typeof timeAllocationSchema>;

export const membershipSchema = z.object({
  username: z.string(),
  role: z.enum(['PI', 'CI']),
  /** Hours the member may use on the proposal; −1 = unlimited. */
  time_limit_hours: z.number().default(-1),
});
export type Membership = z.output<typeof membershipSchema>;

export const proposalSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  abstract: z.string().default(''),
  tac_priority: z.number().int(),
  tac_rank: z.number().int().default(0),
  active: z.boolean(),
  public: z.boolean().default(false),
  non_science: z.boolean().default(false),
  direct_submission: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
  members: z.array(membershipSchema),
  time_allocations: z.array(timeAllocationSchema),
});
export type Proposal = z.output<typeof proposalSchema>;

export const demoUserSchema = z.object({
  username: z.string().min(1),
  first_name: z.string().default(''),
  last_name: z.string().default(''),
  email: z.string().default(''),
  institution: z.string().default(''),
  is_staff: z.boolean().default(false),
  is_superuser: z.boolean().default(false),
});
export type DemoUser = z.output<typeof demoUserSchema>;

/** resources/demo/proposals.json */
export const demoProposalsFileSchema = z.object({
  semesters: z.array(semesterSchema),
  users: z.array(demoUserSchema),
  proposals: z.array(proposalSchema),
});
export type DemoProposalsFile = z.output<typeof demoProposalsFileSchema>;

const offsetWindowSchema = z
  .object({ start_offset_hours: z.number(), end_offset_hours: z.number() })
  .refine((w) => w.end_offset_hours > w.start_offset_hours, 'end_offset_hours must exceed start_offset_hours');

const demoRequestSchema = z.looseObject({ windows: z.array(offsetWindowSchema).min(1) });

const demoRequestGroupSchema = z.looseObject({
  /** Username that submits the group when seeding. */
  submitter: z.string().min(1),
  name: z.string(),
  proposal: z.string(),
  requests: z.array(demoRequestSchema).min(1),
});

/** resources/demo/requestgroups.json */
export const demoRequestGroupsFileSchema = z.object({
  format: z.literal('nightshift-demo-requestgroups/1'),
  request_groups: z.array(demoRequestGroupSchema),
});
export type DemoRequestGroupsFile = z.output<typeof demoRequestGroupsFileSchema>;

/** One OCS submit payload (unvalidated JSON; run it through the request-group validator) and who submits it. */
export interface DemoSubmission {
  submitter: string;
  payload: Record<string, unknown>;
}

/**
 * Turns the demo file into OCS RequestGroup payloads with ISO windows `seedUtcMs + offset`.
 * When `semesters` are given, each window end is clipped to the end of the semester holding its
 * start (OCS wants all windows of a request in one semester), and windows starting outside
 * every semester are dropped.
 * @param file parsed (or raw) demo file; raw input is validated with the schema and throws on error.
 * @param seedUtcMs the seed time, UTC ms.
 */
export function materializeDemoRequestGroups(
  file: unknown,
  seedUtcMs: number,
  semesters: readonly Semester[] | null = null,
): DemoSubmission[] {
  const parsed = demoRequestGroupsFileSchema.parse(file);
  const HOUR_MS = 3_600_000;
  const sem = semesters?.map((s) => ({ startMs: parseOcsDatetimeMs(s.start) ?? 0, endMs: parseOcsDatetimeMs(s.end) ?? 0 }));
  return parsed.request_groups.map((group) => {
    const { submitter, requests, ...rest } = group;
    const outRequests = requests.map((req) => {
      const firstStartMs = seedUtcMs + (req.windows[0]?.start_offset_hours ?? 0) * HOUR_MS;
      const home = sem?.find((s) => firstStartMs >= s.startMs && firstStartMs < s.endMs) ?? null;
      const windows = req.windows.flatMap((w) => {
        const startMs = seedUtcMs + w.start_offset_hours * HOUR_MS;
        let endMs = seedUtcMs + w.end_offset_hours * HOUR_MS;
        if (sem) {
          if (!home || startMs < home.startMs || startMs >= home.endMs) return [];
          endMs = Math.min(endMs, home.endMs);
        }
        return [{ start: formatOcsDatetime(startMs), end: formatOcsDatetime(endMs) }];
      });
      return { ...req, windows };
    });
    return { submitter, payload: { ...rest, requests: outRequests } };
  });
}
