// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, S3Event } from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Runs for object events in bucket exports. */
export const handler = instrument("onExportChanged", handle);

async function handle(
  event: S3Event,
  _context: Context,
): Promise<void> {
  for (const record of event.Records) {
    // Keys arrive URL-encoded, with spaces as "+".
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    logger.info("object event", { event: record.eventName, bucket: record.s3.bucket.name, key });
    metrics.addMetric("ObjectEvents", MetricUnit.Count, 1);
  }
}
