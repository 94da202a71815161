/**
 * Adopting an existing organization, the pure parts: the adopt record (`secure-org:adopt`), the
 * providers' import ID formats, and the mass-removal guard.
 */
export * from "./record";
export * from "./guard";
