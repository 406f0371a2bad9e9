// Measuring helpers of the benchmark.

/** Median of a list of numbers. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Main-thread task time (CDP `Performance.getMetrics` TaskDuration), in ms, spent while `fn` runs. */
export const mainThreadMs = async (cdp, fn) => {
  const read = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value;
  const before = await read();
  await fn();
  return (await read() - before) * 1000;
};
