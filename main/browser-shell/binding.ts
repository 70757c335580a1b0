// The browser shell's bridge binding (`__clinicInvoke`): the core's answer to a window's call goes
// to the page as one JSON string, which the bridge (preload/browser-bridge.ts) parses.
//
// Why not the answer object itself: Playwright's client serialises a binding's result value by
// value and then validates the serialised tree against its protocol schema, building a path string
// for every field. A gallery page of 240 photos is some 12,000 values; in `npm run bench -- gallery`
// that walk (and the garbage it leaves for the GC) was most of the bench process's on-CPU time
// inside its longest event-loop stalls, more than the core's own work. A string is one value to it.
//
// JSON carries every answer a window can get: the channels that answer with bytes are local-only
// (the CLI's), which the router refuses a window, and binding.test.ts checks that every other
// channel's response schema holds only what JSON round-trips.
import type { CoreClient } from '../core/core';

export async function invokeAsJson(client: Pick<CoreClient, 'invoke'>, channel: unknown, request: unknown): Promise<string> {
  return JSON.stringify(await client.invoke(channel, request));
}
