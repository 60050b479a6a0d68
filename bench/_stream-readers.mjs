// The open pages of the live bench, in a process of their own as browsers are: opens `count` event
// streams to `url` with `token`, and once an event has reached every stream, sends the parent the
// times it arrived on each (performance.timeOrigin + performance.now(), comparable across the
// processes of one machine). Started by bench/live.mjs over IPC: argv is url, token, count.
const [url, token, countText] = process.argv.slice(2);
const count = Number(countText);

/** Arrival times of each event id, until every stream has it. */
const arrivals = new Map();
const arrived = (eventId, at) => {
  let times = arrivals.get(eventId);
  if (!times) arrivals.set(eventId, (times = []));
  times.push(at);
  if (times.length === count) {
    arrivals.delete(eventId);
    process.send({ eventId, arrivals: times });
  }
};

const controllers = [];
await Promise.all(
  Array.from({ length: count }, async () => {
    const controller = new AbortController();
    controllers.push(controller);
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
    if (response.status !== 200) throw new Error(`stream: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          for (const match of value.matchAll(/^id: (.+)$/gm)) arrived(match[1], performance.timeOrigin + performance.now());
        }
      } catch {
        // Closed when the bench is done.
      }
    })();
  }),
);
process.send({ open: true });
process.on('disconnect', () => {
  controllers.forEach((controller) => controller.abort());
  process.exit(0);
});
