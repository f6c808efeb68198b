// What both adapters do to engine values on the way to JSON.

/** A 64-bit integer as a JSON number when it fits exactly, else as its decimal string (never a rounded number). */
export function plainBigInt(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}
