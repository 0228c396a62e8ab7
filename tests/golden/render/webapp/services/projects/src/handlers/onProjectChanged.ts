// This file belongs to you: scaffold created it once and will never overwrite it.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type {
  Context,
  DynamoDBBatchItemFailure,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Handles changes of table projects. */
export const handler = instrument("onProjectChanged", handle);

async function handle(
  event: DynamoDBStreamEvent,
  _context: Context,
): Promise<DynamoDBBatchResponse> {
  // Failed records are reported one by one; Lambda retries from the first failure only.
  const batchItemFailures: DynamoDBBatchItemFailure[] = [];
  for (const record of event.Records) {
    try {
      await handleChange(record);
    } catch (error) {
      logger.error("change failed", { eventId: record.eventID, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? "" });
    }
  }
  metrics.addMetric("ChangesHandled", MetricUnit.Count, event.Records.length - batchItemFailures.length);
  return { batchItemFailures };
}

/** One INSERT, MODIFY or REMOVE of an item of projects. */
async function handleChange(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage ?? record.dynamodb?.Keys;
  if (image === undefined) {
    throw new Error("record carries no image");
  }
  const item = unmarshall(image as Record<string, AttributeValue>);
  logger.info("item changed", { change: record.eventName, item });
}
