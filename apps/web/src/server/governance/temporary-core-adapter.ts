/**
 * TEMPORARY: adapts governance to today's core, which calls `admitCaller(caller, publicId)` and
 * `recordUsage(record)` and has no observer. Delete when the rewritten core calls
 * `admitCaller(caller, request)` / `ticket.settle(record)` and `observer` itself.
 * - admission estimates 0 tokens (today's core does not pass the request);
 * - a record settles the oldest open ticket of its key (today's record has no link to its
 *   admission; counts are per key, so the totals are the same). Only records with a model were
 *   admitted: the core sets the model after `admitCaller` returns;
 * - the observer sees each request when it ends (no attempts, no in-flight time).
 */
import type { CallerKey, UsageRecord as CoreUsageRecord, ResolvedModel } from '@gateway/ai-gateway';
import type { AdmissionTicket, UsageRecord } from './core-contract';
import type { Governance } from './create-governance';

export function adaptGovernanceToCurrentCore(
  governance: Governance,
  resolveModel: (publicId: string) => ResolvedModel | undefined,
) {
  const open = new Map<string, AdmissionTicket[]>();
  return {
    admitCaller: async (caller: CallerKey, publicId: string): Promise<void> => {
      const ticket = await governance.admitCaller(caller, {
        publicId,
        endpoint: 'chat.completions',
        estimatedTokens: 0,
        pricing: resolveModel(publicId)?.definition.pricing,
      });
      if (!ticket) return;
      const queue = open.get(caller.id) ?? [];
      queue.push(ticket);
      open.set(caller.id, queue);
    },
    /** Returns the record in the rewritten core's shape (for the usage writer). */
    recordUsage: (coreRecord: CoreUsageRecord): UsageRecord => {
      const record: UsageRecord = {
        ...coreRecord,
        target: undefined,
        attempts: coreRecord.publicId === undefined ? 0 : 1,
        errorMessage: undefined,
      };
      if (record.apiKeyId !== undefined && record.publicId !== undefined) {
        const queue = open.get(record.apiKeyId);
        const ticket = queue?.shift();
        if (queue && queue.length === 0) open.delete(record.apiKeyId);
        ticket?.settle(record);
      }
      governance.observer
        ?.requestStarted(new Request('http://gateway.invalid/'), record.endpoint)
        ?.ended(record, {});
      return record;
    },
  };
}
