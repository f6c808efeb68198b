// A queue that runs one async task at a time, in order (the embedded engine's connections, the HTTP loads).

/** A queue that runs one task at a time, in order; a failed task does not stop the next. */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
