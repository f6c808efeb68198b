// The domain: closed sets, schemas, dates, names and errors. Imports nothing outside itself; shared with the client.
export * from "./constants.js";
export * from "./clashes.js";
export * from "./dates.js";
export * from "./ego.js";
export * from "./errors.js";
export * from "./error-wire.js";
export * from "./normalize.js";
export * from "./random.js";
export * from "./schemas.js";
export * from "./serial-queue.js";
export * from "./tolls.js";
export * from "./vocabulary.js";
