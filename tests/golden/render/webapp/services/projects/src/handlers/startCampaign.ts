// This file belongs to you: scaffold created it once and will never overwrite it.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** What the step receives: the workflow's state (the execution input, or the previous step's output). */
export type Input = Record<string, unknown>;

/** What the step returns: the next step's input. */
export type Output = Input & {
  startCampaign: { completedAt: string; found: boolean };
};

/** A step of workflow send-campaign. */
export const handler = instrument("startCampaign", handle);

async function handle(input: Input, _context: Context): Promise<Output> {
  logger.info("step started", { input });
  const id = input["id"];
  let found = false;
  if (typeof id === "string") {
    const result = await db.send(
      new GetCommand({ TableName: tableName("projects"), Key: { ["id"]: id } }),
    );
    found = result.Item !== undefined;
  }
  metrics.addMetric("StepsCompleted", MetricUnit.Count, 1);
  return {
    ...input,
    startCampaign: { completedAt: new Date().toISOString(), found },
  };
}
