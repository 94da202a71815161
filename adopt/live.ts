/** The live organization as adopt reads it: the one set of live types is kinds/live.ts. */
export type * from "../kinds/live";
