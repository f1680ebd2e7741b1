/** The real files written by other tools (../shared/data/real beside the checkout; CI lays shared/ there too). */
import { resolve } from "node:path";

export const realData = resolve("../shared/data/real");
