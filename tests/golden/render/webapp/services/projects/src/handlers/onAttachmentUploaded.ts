// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, S3Event } from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Runs when a file lands in upload bucket attachments. */
export const handler = instrument("onAttachmentUploaded", handle);

async function handle(
  event: S3Event,
  _context: Context,
): Promise<void> {
  for (const record of event.Records) {
    // Keys arrive URL-encoded, with spaces as "+".
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    logger.info("file uploaded", { bucket: record.s3.bucket.name, key, size: record.s3.object.size });
    metrics.addMetric("UploadedBytes", MetricUnit.Bytes, record.s3.object.size);
  }
}
