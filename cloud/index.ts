/**
 * The Pulumi Cloud REST client and what it speaks: `import { PulumiCloudClient } from "../cloud"`.
 */
export * from "./types";
export * from "./retry";
export * from "./errors";
export * from "./client";
export * from "./orgReads";
export * from "./pool";
