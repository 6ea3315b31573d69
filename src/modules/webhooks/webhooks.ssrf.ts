import dns from "node:dns";
import net from "node:net";

/**
 * SSRF guard for webhook targets (SPEC §4.9): a webhook must never reach the
 * server's own network. Checked when an endpoint is created or changed
 * (`checkWebhookUrl`) and again at delivery on the address actually connected
 * to (`guardedLookup`, the `lookup` of the delivery request), so a name that
 * resolves to a public address at creation and to a private one later (DNS
 * rebinding) is refused at delivery.
 */

/** Resolves a host name to all its addresses (dns.lookup with all: true); replaceable for tests. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

type Range = [string, number];
/** Address ranges refused, by what they are (the words name them in errors). */
const CATEGORIES: Array<{ name: string; v4: Range[]; v6: Range[] }> = [
  { name: "cloud metadata", v4: [["169.254.169.254", 32]], v6: [["fd00:ec2::254", 128]] },
  { name: "loopback", v4: [["127.0.0.0", 8]], v6: [["::1", 128]] },
  { name: "unspecified", v4: [["0.0.0.0", 8]], v6: [["::", 128]] },
  { name: "private", v4: [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["100.64.0.0", 10], ["192.0.0.0", 24], ["198.18.0.0", 15]], v6: [["fc00::", 7]] },
  { name: "link-local", v4: [["169.254.0.0", 16]], v6: [["fe80::", 10]] },
  { name: "multicast", v4: [["224.0.0.0", 4]], v6: [["ff00::", 8]] },
  {
    name: "reserved",
    v4: [["240.0.0.0", 4], ["192.0.2.0", 24], ["198.51.100.0", 24], ["203.0.113.0", 24]],
    // IPv4-compatible (deprecated), discard-only, documentation, site-local.
    v6: [["::", 96], ["100::", 64], ["2001:db8::", 32], ["fec0::", 10]],
  },
];

const LISTS = CATEGORIES.map(({ name, v4, v6 }) => {
  const list = new net.BlockList();
  for (const [a, p] of v4) list.addSubnet(a, p, "ipv4");
  for (const [a, p] of v6) list.addSubnet(a, p, "ipv6");
  return { name, list };
});

/** The 16 bytes of an IPv6 address (`::` and a trailing dotted quad expanded). */
function ipv6Bytes(address: string): number[] {
  const [head, tail = null] = address.split("::");
  const groups = (part: string | null) => {
    if (!part) return [];
    return part.split(":").flatMap((g) => {
      if (!g.includes(".")) return [parseInt(g, 16)];
      const [a, b, c, d] = g.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const left = groups(head);
  const right = tail === null ? [] : groups(tail);
  const words = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

const dotted = (b: number[]) => b.join(".");

/**
 * The IPv4 address an IPv6 address carries to an IPv4 host, or null: NAT64
 * (64:ff9b::/96 and the local-use 64:ff9b:1::/48), 6to4 (2002::/16), Teredo
 * (2001::/32, the client address inverted) and IPv4-translated (::ffff:0:0/96).
 * A gateway on the path would deliver to that IPv4 host, so it is what is checked.
 */
export function embeddedIpv4(address: string): string | null {
  if (!net.isIPv6(address)) return null;
  const b = ipv6Bytes(address);
  const word = (i: number) => (b[i] << 8) | b[i + 1];
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (word(0) === 0x64 && word(2) === 0xff9b && zeros(4, 12)) return dotted(b.slice(12));
  if (word(0) === 0x64 && word(2) === 0xff9b && word(4) === 1) return dotted(b.slice(12));
  if (word(0) === 0x2002) return dotted(b.slice(2, 6));
  if (word(0) === 0x2001 && word(2) === 0) return dotted(b.slice(12).map((x) => x ^ 0xff));
  if (zeros(0, 8) && word(8) === 0xffff && word(10) === 0) return dotted(b.slice(12));
  return null;
}

/** Why an IP address may not be a webhook target ("loopback", "private", …), or null when it is public. IPv4-mapped IPv6 counts as its IPv4 address, and so does an IPv6 address that tunnels or translates to an IPv4 one. */
export function refusedAddress(address: string): string | null {
  const family = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
  if (!family) return "not an IP address";
  // BlockList matches IPv4-mapped IPv6 (::ffff:7f00:1) against the IPv4 rules.
  for (const { name, list } of LISTS) if (list.check(address, family)) return name;
  const carried = embeddedIpv4(address);
  return carried ? refusedAddress(carried) : null;
}

export class WebhookTargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookTargetRefused";
  }
}

/** The host of a URL as an address or name: `[::1]` → `::1`. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

const isLocalName = (host: string) => {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
};

/**
 * Why the URL may not be a webhook target, or null when it may. Names are
 * resolved: a name with any refused address is refused; a name that does not
 * resolve (yet) is accepted here and checked again at every delivery.
 */
export async function checkWebhookUrl(raw: string, options: { allowPrivate: boolean; resolve: Resolver }): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute http:// or https:// URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http:// or https:// URL";
  if (url.username || url.password) return "must not contain a user name or password (the signature authenticates TeamFlow)";
  if (options.allowPrivate) return null;
  const host = bareHost(url);
  if (net.isIP(host)) {
    const why = refusedAddress(host);
    return why ? `points to a ${why} address (${host}); webhooks may only reach public addresses` : null;
  }
  if (isLocalName(host)) return `points to a loopback name (${host}); webhooks may only reach public addresses`;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await options.resolve(host);
  } catch {
    return null;
  }
  for (const { address } of addresses) {
    const why = refusedAddress(address);
    if (why) return `${host} resolves to a ${why} address (${address}); webhooks may only reach public addresses`;
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses it when an
 * address it would connect to is not public: the connection goes only to an
 * address that was checked here. With `allowPrivate` it only resolves (through
 * the same resolver, so tests can point every name at loopback).
 */
export function guardedLookup(resolve: Resolver, allowPrivate = false) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const usable = addresses.filter((a) => !options.family || a.family === options.family);
        if (!usable.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
        for (const { address } of allowPrivate ? [] : usable) {
          const why = refusedAddress(address);
          if (why) return callback(new WebhookTargetRefused(`${hostname} resolves to a ${why} address (${address}); refused`), "", 0);
        }
        if (options.all) return callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
        callback(null, usable[0].address, usable[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}

/** The refusal of an IP-literal URL host at delivery (a literal is connected to without a lookup). */
export function refusedLiteral(url: URL): string | null {
  const host = bareHost(url);
  if (!net.isIP(host)) return isLocalName(host) ? `${host} is a loopback name; refused` : null;
  const why = refusedAddress(host);
  return why ? `${host} is a ${why} address; refused` : null;
}
