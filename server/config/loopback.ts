// Which bind addresses keep the console on this machine; everything else is reachable from the network.

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/** True for `localhost`, `::1` and the whole 127.0.0.0/8 range (Linux answers on any of them). */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase();
  return LOOPBACK_HOSTS.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
