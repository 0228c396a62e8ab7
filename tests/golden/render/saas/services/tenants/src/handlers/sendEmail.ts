// This file belongs to you: scaffold created it once and will never overwrite it.
import type {
  Context,
  SQSBatchItemFailure,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Handles messages of work queue emails. */
export const handler = instrument("sendEmail", handle);

async function handle(event: SQSEvent, _context: Context): Promise<SQSBatchResponse> {
  // Failed messages are reported one by one: only they become visible again and are retried;
  // after the queue's receive limit they move to its dead-letter queue.
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try {
      await handleMessage(record);
    } catch (error) {
      logger.error("message failed", { messageId: record.messageId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  metrics.addMetric("MessagesHandled", MetricUnit.Count, event.Records.length - batchItemFailures.length);
  return { batchItemFailures };
}

/** One message of work queue emails; throwing marks it as failed. */
async function handleMessage(record: SQSRecord): Promise<void> {
  const message: unknown = JSON.parse(record.body);
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    throw new Error(`message ${record.messageId} is not a JSON object`);
  }
  logger.info("message received", { messageId: record.messageId, fields: Object.keys(message) });
}
