/**
 * Guesstimate spaces (getguesstimate.com) as JSON:
 * `{"space": {"name", "description", "is_private", "graph": {"metrics": [{"id", "readableId",
 * "name", "location": {"row", "column"}}], "guesstimates": [{"metric", "expression" | "input",
 * "guesstimateType", "data", "description"}]}}}`.
 */

export type GuesstimateType = "POINT" | "NORMAL" | "LOGNORMAL" | "UNIFORM" | "BETA" | "DATA" | "FUNCTION";

export interface SpaceMetric {
  id: string;
  readableId: string;
  name: string;
  location: { row: number; column: number };
}

export interface SpaceGuesstimate {
  metric: string;
  /** Current style: "40", "[0.5,2]", "=${metric:AB} + 1". */
  expression?: string | null;
  /** Legacy style (spigo, older exports): the same with bare readableIds. */
  input?: string | null;
  guesstimateType?: GuesstimateType | string | null;
  data?: number[] | null;
  description?: string;
}

export interface Space {
  space: {
    name: string;
    description: string;
    is_private: boolean | string;
    graph: { metrics: SpaceMetric[]; guesstimates: SpaceGuesstimate[] };
  };
}

/** Most values chp's export writes per DATA metric (Guesstimate's limit for pasted data; a DATA metric read may hold more). */
export const maxDataSamples = 10_000;
