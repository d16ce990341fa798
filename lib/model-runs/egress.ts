// Where the server may connect when it calls a model endpoint (OWASP ASVS 4.0 V12.6.1, SSRF).
//
// Loopback, private, link-local (cloud metadata at 169.254.169.254 included), carrier-grade NAT,
// multicast and reserved addresses are refused unless the instance's operator allows the host or
// range in MODEL_ENDPOINT_ALLOW (comma-separated: "gpu-1", "*.lab.internal", "10.0.4.17",
// "10.0.4.0/24", "fd00::/8"); on-premises GPU boxes are normal, so allowing them is one line.
// The check is made on the addresses DNS gives at connect time (undici's connect.lookup), so a
// name that resolves differently later (DNS rebinding) cannot slip through, and redirects are
// not followed. URLs with user:password@ are refused.
import { lookup } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";

const REFUSED = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) REFUSED.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["2001:db8::", 32], ["64:ff9b::", 96]] as const) {
  REFUSED.addSubnet(net, bits, "ipv6");
}

export class EgressRefused extends Error {}

function family(ip: string): "ipv4" | "ipv6" {
  return isIP(ip) === 6 ? "ipv6" : "ipv4";
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is checked as the IPv4 address it is. */
function unmapped(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

interface Allow {
  hosts: string[];
  suffixes: string[];
  nets: BlockList;
}

function allowList(): Allow {
  const raw = (process.env.MODEL_ENDPOINT_ALLOW ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const nets = new BlockList();
  const hosts: string[] = [];
  const suffixes: string[] = [];
  for (const entry of raw) {
    const [addr, bits] = entry.split("/");
    if (addr && isIP(addr)) {
      const fam = family(addr);
      if (bits !== undefined) nets.addSubnet(addr, Number(bits), fam);
      else nets.addAddress(addr, fam);
    } else if (entry.startsWith("*.")) suffixes.push(entry.slice(1));
    else hosts.push(entry);
  }
  return { hosts, suffixes, nets };
}

/** Why connecting to `ip` (for `host`) is refused, or null. */
export function refusal(host: string, ip: string): string | null {
  const a = unmapped(ip);
  const fam = family(a);
  if (!REFUSED.check(a, fam)) return null;
  const allow = allowList();
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (allow.hosts.includes(h) || allow.suffixes.some((s) => h.endsWith(s)) || allow.nets.check(a, fam)) return null;
  return `${host} is ${a === h ? "" : `at ${a}, `}a private, loopback or link-local address; an operator can allow it with MODEL_ENDPOINT_ALLOW`;
}

/** Refuses URLs the server must never call, before any connection (the form and the API check with it). */
export function urlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "not a URL";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "only http and https endpoints are supported";
  if (u.username || u.password) return "put credentials in the API key, not in the URL (user@host is refused)";
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return refusal(host, host);
  return null;
}

const agent = new Agent({
  connect: {
    lookup(hostname: string, options: object, cb: (err: Error | null, address: string | Array<{ address: string; family: number }>, family?: number) => void) {
      lookup(hostname, { all: true }, (err, addresses) => {
        if (err) return cb(err, "");
        const refused = addresses.map((a) => refusal(hostname, a.address)).find((r) => r !== null);
        if (refused) return cb(new EgressRefused(refused), "");
        const all = (options as { all?: boolean }).all;
        if (all) return cb(null, addresses);
        cb(null, addresses[0]!.address, addresses[0]!.family);
      });
    },
  },
});

/**
 * fetch for model endpoints: refuses addresses as above (IP literals before connecting, names at
 * connect time) and does not follow redirects.
 */
export async function egressFetch(url: string, init: RequestInit): Promise<Response> {
  const problem = urlProblem(url);
  if (problem) throw new EgressRefused(problem);
  const res = await undiciFetch(url, { ...(init as object), dispatcher: agent, redirect: "manual" } as never);
  if (res.status >= 300 && res.status < 400) throw new EgressRefused(`the endpoint answered a redirect (HTTP ${res.status}), which is not followed`);
  return res as unknown as Response;
}
