// This file belongs to you: scaffold created it once and will never overwrite it.
import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** What the step receives: the workflow's state (the execution input, or the previous step's output). */
export type Input = Record<string, unknown>;

/** What the step returns: the next step's input. */
export type Output = Input & {
  reserveStock: { completedAt: string };
};

/** A step of workflow fulfil. */
export const handler = instrument("reserveStock", handle);

async function handle(input: Input, _context: Context): Promise<Output> {
  logger.info("step started", { input });
  await db.send(new PutCommand({ TableName: tableName("orders"), Item: { ...input, orderId: typeof input["orderId"] === "string" ? input["orderId"] : randomUUID(), placedAt: Date.now() } }));
  metrics.addMetric("StepsCompleted", MetricUnit.Count, 1);
  return {
    ...input,
    reserveStock: { completedAt: new Date().toISOString() },
  };
}
