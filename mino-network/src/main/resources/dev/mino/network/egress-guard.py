# mino's egress guard. PID 1 of the firewall container of an allowlisted sandbox; the sandbox
# shares this container's network namespace and never holds NET_ADMIN. See EgressGuard.java for
# the contract. Standard library only (Debian's python3-minimal), plus the nft command.
#
#   guard [--intercept HOST:PORT]... RULE...
#                   set the rules, answer DNS, report denials; runs until SIGTERM. With intercept
#                   targets, TCP to their addresses is redirected to a relay that hands each
#                   connection to mino's credential proxy, and the proxy's own connections leave
#                   from here (see the relay section below)
#   allow RULE      ask the running guard (through its control socket) to open one destination
#
# Anything a sandbox sends (DNS queries, packets) and anything an upstream answers is untrusted:
# it is parsed with bounds checks and never reaches nft or the output as anything but addresses,
# numbers and escaped names.
import ipaddress
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

READY = 'mino-egress-ready'
EVENT = 'mino-egress-event'
EXIT_RULES_NOT_IN_PLACE = 5
EXIT_NO_UPSTREAM = 6
EXIT_RESOLVER_FAILED = 7
EXIT_ALLOW_FAILED = 8
EXIT_RELAY_FAILED = 9
MIN_ADMIT_SECONDS = 60
MAX_ADMIT_SECONDS = 86400
TABLE = 'mino_egress'
# The mark of the guard's own upstream queries. Setting SO_MARK needs CAP_NET_ADMIN, which the
# sandbox lacks, so only the guard's packets carry it.
MARK = 0x4d494e4f
SO_MARK = getattr(socket, 'SO_MARK', 36)
LOG_GROUP = 7
CONTROL = '/run/mino-egress.sock'
RESOLV_CONF = '/etc/resolv.conf'
UPSTREAM_TIMEOUT = 2.0
REPORT_EVERY = 10.0
REPORTS_PER_WINDOW = 100
# The credential proxy's path (see the relay section); the same values as EgressGuard.java.
RELAY_PORT = 15443
PROXY_DIR = '/run/mino-proxy'
PROXY_SOCKET = PROXY_DIR + '/proxy.sock'
UPSTREAM_SOCKET = PROXY_DIR + '/upstream.sock'
MAX_LINE = 200
MAX_PROXIED = 256
CONNECT_TIMEOUT = 10.0
SO_ORIGINAL_DST = 80
IP6T_SO_ORIGINAL_DST = 80
QTYPES = {1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV',
          64: 'SVCB', 65: 'HTTPS', 255: 'ANY'}

out_lock = threading.Lock()


def emit(*fields):
    line = ' '.join([EVENT, str(int(time.time() * 1000))] + [str(f) for f in fields])
    with out_lock:
        sys.stdout.write(line + '\n')
        sys.stdout.flush()


def say(message):
    with out_lock:
        sys.stderr.write('mino: ' + message + '\n')
        sys.stderr.flush()


def fail(code, message):
    say(message)
    os._exit(code)


def fatal_thread(target, *args, code=EXIT_RESOLVER_FAILED):
    # Fail closed: if any part of the guard breaks, the guard exits, its container stops and the
    # sandbox's network goes with it.
    def run():
        try:
            target(*args)
        except BaseException as e:  # noqa: BLE001 - anything at all ends the guard
            say('egress guard stopped: %s: %s' % (type(e).__name__, e))
        os._exit(code)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


# ---------------------------------------------------------------- rules

class Rule:
    def __init__(self, text):
        self.text = text
        if text.startswith('['):
            close = text.index(']')
            host, port = text[1:close], text[close + 2:]
        else:
            host, port = text.rsplit(':', 1)
        self.port = int(port)
        if not 0 < self.port < 65536:
            raise ValueError('port out of range')
        self.host = host
        if '/' in host:
            self.kind = 'range'
            self.network = ipaddress.ip_network(host, strict=True)
        elif is_address(host):
            self.kind = 'address'
            self.network = ipaddress.ip_network(host)
        elif host.startswith('*.'):
            self.kind = 'wildcard'
            self.name = normal_name(host[2:])
        else:
            self.kind = 'name'
            self.name = normal_name(host)


def is_address(host):
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def normal_name(name):
    name = name.lower()
    return name[:-1] if name.endswith('.') else name


class Policy:
    """The allowed names and wildcards, with their ports; grows through allow()."""

    def __init__(self):
        self.lock = threading.Lock()
        self.names = {}
        self.wildcards = {}

    def add(self, rule):
        with self.lock:
            table = self.names if rule.kind == 'name' else self.wildcards
            table.setdefault(rule.name, set()).add(rule.port)

    def ports(self, name):
        with self.lock:
            ports = set(self.names.get(name, ()))
            for domain, domain_ports in self.wildcards.items():
                if name.endswith('.' + domain):
                    ports |= domain_ports
            return ports

    def has_names(self):
        with self.lock:
            return bool(self.names or self.wildcards)


# ---------------------------------------------------------------- nft

def nft(script):
    done = subprocess.run(['nft', '-f', '-'], input=script.encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=30)
    if done.returncode != 0:
        raise RuntimeError('nft failed: ' + done.stderr.decode(errors='replace').strip())


def nft_out(*args):
    done = subprocess.run(['nft'] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    if done.returncode != 0:
        raise RuntimeError('nft %s failed: %s' % (' '.join(args), done.stderr.decode(errors='replace').strip()))
    return done.stdout.decode(errors='replace')


def family_of(network):
    return '4' if network.version == 4 else '6'


def static_element(rule):
    return '%s . %d' % (rule.network.network_address, rule.port)


def range_rule(rule):
    ip = 'ip' if rule.network.version == 4 else 'ip6'
    return '%s daddr %s tcp dport %d accept' % (ip, rule.network, rule.port)


# The output chain, in order. Its length is checked when the rules are read back.
OUTPUT_RULES = [
    'oif "lo" accept',
    # A flow the guard started is the guard's alone: its connection-tracking entry outlives the
    # guard's socket (half a minute for UDP), and a sandbox that sends from the same port to the
    # same upstream would otherwise pass as "established", a DNS tunnel around the guard. And only
    # flows the sandbox opened: a peer on its network that connects in (another container or
    # sandbox) would otherwise read whatever the sandbox answers, a way out past every rule.
    'ct state established,related ct direction original ct mark != 0x%x accept' % MARK,
    'meta mark 0x%x ip daddr @upstream4 meta l4proto { tcp, udp } th dport 53 ct mark set 0x%x accept' % (MARK, MARK),
    'meta mark 0x%x ip6 daddr @upstream6 meta l4proto { tcp, udp } th dport 53 ct mark set 0x%x accept' % (MARK, MARK),
    # Neighbour discovery: without it no IPv6 destination on the link is ever reached.
    'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit } accept',
    'ip daddr . tcp dport @static4 accept',
    'ip6 daddr . tcp dport @static6 accept',
    'ip daddr . tcp dport @dns4 accept',
    'ip6 daddr . tcp dport @dns6 accept',
    'jump ranges',
    # Multicast (the kernel's own MLD reports among it) is dropped without a report: it opens no
    # connection and would only be noise.
    'ip daddr 224.0.0.0/4 drop',
    'ip6 daddr ff00::/8 drop',
    'limit rate 200/second burst 400 packets log group %d' % LOG_GROUP,
    'meta l4proto tcp reject with tcp reset',
    'reject with icmpx type admin-prohibited',
]


INPUT_RULE = 'iif "lo" fib saddr type != local drop'

# The nat chain of a guard with intercept targets: TCP the sandbox sends to an address its
# resolver handed out for an intercepted name, on an intercepted port, goes to the relay instead.
# The guard's own marked sockets (the upstream service) are never redirected.
INTERCEPT_RULES = [
    'meta mark != 0x%x ip daddr . tcp dport @intercept4 redirect to :%d' % (MARK, RELAY_PORT),
    'meta mark != 0x%x ip6 daddr . tcp dport @intercept6 redirect to :%d' % (MARK, RELAY_PORT),
]
INTERCEPT_INPUT_RULES = [
    # The relay's answers to a redirected connection come back over loopback already rewritten to
    # the address the sandbox dialled, which is not local: INPUT_RULE would drop them. Only the
    # answers of connections the nat chain redirected pass here; nothing forged belongs to one.
    'iif "lo" ct direction reply ct status dnat accept',
    # The reset the output chain answers a refused connection with comes back from the refused
    # address too. Without it the proxy's connection to a destination the allowlist does not admit
    # would wait for its timeout instead of failing at once. Only the kernel's own rejects are
    # "related" resets; a reset carries no data.
    'iif "lo" tcp flags rst ct state related ct direction reply accept',
]
# A redirected connection's first packet passes the output chain still looking like one for the
# interface it was routed to before: only the nat chain redirects (to the relay), so this lets
# exactly those through. What follows it is established.
INTERCEPT_OUTPUT_RULE = 'ct direction original ct status dnat tcp dport %d accept' % RELAY_PORT


def output_rules(intercepting):
    return OUTPUT_RULES[:1] + ([INTERCEPT_OUTPUT_RULE] if intercepting else []) + OUTPUT_RULES[1:]


def ruleset(rules, upstreams, intercepting=False):
    lines = ['table inet %s {' % TABLE]
    for fam, kind in (('4', 'ipv4_addr'), ('6', 'ipv6_addr')):
        ups = [str(u) for u in upstreams if family_of(ipaddress.ip_network(u)) == fam]
        lines.append('  set upstream%s { type %s; %s}' % (fam, kind, ('elements = { %s } ' % ', '.join(ups)) if ups else ''))
        statics = [static_element(r) for r in rules if r.kind == 'address' and family_of(r.network) == fam]
        lines.append('  set static%s { type %s . inet_service; %s}' % (
            fam, kind, ('elements = { %s } ' % ', '.join(sorted(set(statics)))) if statics else ''))
        lines.append('  set dns%s { type %s . inet_service; size 65535; flags timeout; }' % (fam, kind))
        if intercepting:
            lines.append('  set intercept%s { type %s . inet_service; size 65535; flags timeout; }' % (fam, kind))
    lines.append('  chain ranges {')
    for r in rules:
        if r.kind == 'range':
            lines.append('    ' + range_rule(r))
    lines.append('  }')
    # IP_FREEBIND needs no capability and, over IPv6, lets the sandbox send from an address that
    # is not this namespace's. Over loopback such a datagram could pose as the upstream answering
    # the guard; nothing legitimate arrives on loopback from an address that is not local.
    lines.append('  chain input {')
    lines.append('    type filter hook input priority 0; policy accept;')
    for rule in (INTERCEPT_INPUT_RULES if intercepting else []) + [INPUT_RULE]:
        lines.append('    ' + rule)
    lines.append('  }')
    lines.append('  chain output {')
    lines.append('    type filter hook output priority 0; policy drop;')
    for rule in output_rules(intercepting):
        lines.append('    ' + rule)
    lines.append('  }')
    if intercepting:
        lines.append('  chain intercept {')
        lines.append('    type nat hook output priority -100; policy accept;')
        for rule in INTERCEPT_RULES:
            lines.append('    ' + rule)
        lines.append('  }')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def count_rules(listing, chain, hook='type filter hook output'):
    """Rules of one chain in `nft -a list table` output, and whether it is hooked as `hook` says
    (for the output chain: with policy drop)."""
    count, inside, hooked = 0, False, False
    for line in listing.splitlines():
        text = line.strip()
        if text.startswith('chain '):
            inside = text.split()[1] == chain
            continue
        if not inside:
            continue
        if text == '}':
            inside = False
        elif text.startswith(hook) and (chain != 'output' or 'policy drop;' in text):
            hooked = True
        elif '# handle' in text:
            count += 1
    return count, hooked


def verify(rules, intercepting=False):
    listing = nft_out('-a', 'list', 'table', 'inet', TABLE)
    output, drop = count_rules(listing, 'output')
    ranges, _ = count_rules(listing, 'ranges')
    inputs, _ = count_rules(listing, 'input')
    wanted = len([r for r in rules if r.kind == 'range'])
    wanted_inputs = 1 + (len(INTERCEPT_INPUT_RULES) if intercepting else 0)
    wanted_outputs = len(output_rules(intercepting))
    if not drop or output != wanted_outputs or ranges != wanted or inputs != wanted_inputs:
        fail(EXIT_RULES_NOT_IN_PLACE, 'the nftables rules are not in place (policy drop: %s; rules: %d, expected %d; '
             'ranges: %d, expected %d; input: %d, expected %d)' % ('yes' if drop else 'no', output, wanted_outputs,
                                                                  ranges, wanted, inputs, wanted_inputs))
    if intercepting:
        redirects, nat = count_rules(listing, 'intercept', 'type nat hook output priority')
        if not nat or redirects != len(INTERCEPT_RULES):
            fail(EXIT_RULES_NOT_IN_PLACE, 'the redirect to the credential proxy is not in place (nat chain: %s; '
                 'rules: %d, expected %d)' % ('yes' if nat else 'no', redirects, len(INTERCEPT_RULES)))
    # A probe: an unmarked DNS query to an address that is no upstream must be refused by the
    # kernel. An nft that reports success but filters nothing fails here.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.sendto(b'\0' * 12, ('192.0.2.53', 53))
        fail(EXIT_RULES_NOT_IN_PLACE, 'the nftables rules are not in place: a probe to port 53 was not blocked')
    except PermissionError:
        pass
    except OSError as e:
        fail(EXIT_RULES_NOT_IN_PLACE, 'the probe of the nftables rules failed unexpectedly: %s' % e)
    finally:
        probe.close()


def admissible(address):
    """Whether a DNS answer may open an address. Loopback, link-local (the cloud metadata service
    at 169.254.169.254 among them), unspecified and multicast addresses never are: a name whose
    owner points it there (DNS rebinding) must not reach the machine's own services. A rule with
    the literal address still opens it."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


class Admitted:
    """Addresses handed out for allowed names, with when their admission ends (seconds, monotonic)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = {}

    def admit(self, answers, ports, intercepted=()):
        """answers: [(family '4'|'6', address text, ttl)]. Returns once the kernel admits them, and
        redirects them to the relay on the intercepted ports, in the same batch: the sandbox gets
        the answer only once both hold, so its first connection already goes to the proxy."""
        now = time.monotonic()
        commands = []
        with self.lock:
            for fam, address, ttl in answers:
                if not admissible(address):
                    continue
                seconds = min(max(ttl, MIN_ADMIT_SECONDS), MAX_ADMIT_SECONDS)
                for kind, kind_ports in (('dns', ports), ('intercept', intercepted)):
                    for port in sorted(kind_ports):
                        key = (kind, fam, address, port)
                        # Renew only when the new answer outlives the admission by a margin, so a
                        # busy name costs no nft call per query.
                        if self.until.get(key, 0) >= now + seconds - 5:
                            continue
                        element = '{ %s . %d timeout %ds }' % (address, port, seconds)
                        bare = '{ %s . %d }' % (address, port)
                        # add (no-op if present), delete, add: one atomic batch that sets the new timeout.
                        commands.append('add element inet %s %s%s %s' % (TABLE, kind, fam, bare))
                        commands.append('delete element inet %s %s%s %s' % (TABLE, kind, fam, bare))
                        commands.append('add element inet %s %s%s %s' % (TABLE, kind, fam, element))
                        self.until[key] = now + seconds
            if commands:
                nft('\n'.join(commands) + '\n')
            if len(self.until) > 10000:
                self.until = {k: v for k, v in self.until.items() if v > now}


# ---------------------------------------------------------------- DNS

def escape_name(labels):
    out = []
    for label in labels:
        text = ''
        for b in label:
            c = chr(b)
            if c.isascii() and (c.isalnum() or c in '-_*'):
                text += c.lower()
            else:
                text += '\\%03d' % b
        out.append(text)
    return '.'.join(out) if out else '.'


def read_name(message, offset):
    """Labels of the name at offset, following compression pointers; and the offset after it."""
    labels, jumps, end = [], 0, None
    total = 0
    while True:
        if offset >= len(message):
            raise ValueError('name runs past the message')
        length = message[offset]
        if length & 0xC0 == 0xC0:
            if offset + 1 >= len(message):
                raise ValueError('truncated pointer')
            if end is None:
                end = offset + 2
            jumps += 1
            if jumps > 20:
                raise ValueError('pointer loop')
            offset = ((length & 0x3F) << 8) | message[offset + 1]
            continue
        if length & 0xC0:
            raise ValueError('bad label type')
        offset += 1
        if length == 0:
            break
        label = message[offset:offset + length]
        if len(label) != length:
            raise ValueError('label runs past the message')
        labels.append(label)
        total += length + 1
        if total > 255:
            raise ValueError('name too long')
        offset += length
    return labels, (end if end is not None else offset)


def parse_question(query):
    if len(query) < 12:
        raise ValueError('short header')
    flags, qdcount = struct.unpack('>H', query[2:4])[0], struct.unpack('>H', query[4:6])[0]
    if flags & 0x8000 or qdcount != 1 or (flags >> 11) & 0xF != 0:
        raise ValueError('not a standard query with one question')
    labels, offset = read_name(query, 12)
    if offset + 4 > len(query):
        raise ValueError('short question')
    qtype, qclass = struct.unpack('>HH', query[offset:offset + 4])
    return labels, qtype, qclass, offset + 4


def own_query(qid, labels, qtype, qclass, edns):
    """A standard recursive query for one question; with EDNS (a 1232-byte UDP size, no option)
    when the client used EDNS."""
    header = struct.pack('>HHHHHH', qid, 0x0100, 1, 0, 0, 1 if edns else 0)
    # In lower case: the letter case of a name is no channel to the allowed domain's servers.
    question = b''.join(bytes([len(label)]) + label.lower() for label in labels) + b'\0' + struct.pack('>HH', qtype, qclass)
    opt = b'\0' + struct.pack('>HHIH', 41, 1232, 0, 0) if edns else b''
    return header + question + opt


def reply(query, question_end, rcode):
    header = query[:2] + struct.pack('>HHHHH', 0x8000 | (struct.unpack('>H', query[2:4])[0] & 0x0100) | 0x0080 | rcode,
                                     1, 0, 0, 0)
    return header + query[12:question_end]


def addresses_in(response):
    """(family, address, ttl) of every A and AAAA record in the answer section."""
    if len(response) < 12:
        raise ValueError('short response')
    qdcount, ancount = struct.unpack('>HH', response[4:8])
    offset = 12
    for _ in range(qdcount):
        _, offset = read_name(response, offset)
        offset += 4
    found = []
    for _ in range(ancount):
        _, offset = read_name(response, offset)
        if offset + 10 > len(response):
            raise ValueError('short record')
        rtype, rclass, ttl, length = struct.unpack('>HHIH', response[offset:offset + 10])
        offset += 10
        data = response[offset:offset + length]
        if len(data) != length:
            raise ValueError('record runs past the message')
        offset += length
        if rclass == 1 and rtype == 1 and length == 4:
            found.append(('4', socket.inet_ntop(socket.AF_INET, data), ttl))
        elif rclass == 1 and rtype == 28 and length == 16:
            found.append(('6', socket.inet_ntop(socket.AF_INET6, data), ttl))
    return found


def recv_exact(sock, count):
    data = b''
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError('connection closed')
        data += chunk
    return data


class Resolver:
    def __init__(self, policy, upstreams, admitted, intercepts):
        self.policy = policy
        self.upstreams = upstreams
        self.admitted = admitted
        self.intercepts = intercepts
        self.refusals = Reports()

    def answer(self, query, over_tcp):
        try:
            labels, qtype, qclass, end = parse_question(query)
        except ValueError:
            return None
        name = escape_name(labels)
        ports = self.policy.ports(name) if qclass == 1 else set()
        if not ports:
            self.refusals.report('refused-name', QTYPES.get(qtype, 'TYPE%d' % qtype), name)
            return reply(query, end, 5)
        # The upstream gets a query of mino's own making: only the question (name, type, class)
        # comes from the sandbox, never its header bits, EDNS options or extra records.
        qid = struct.unpack('>H', os.urandom(2))[0]
        # Over UDP first even for a TCP client (the slirp4netns resolver answers only UDP); over
        # TCP when that answer was truncated and the client can take a long one.
        edns = over_tcp or struct.unpack('>H', query[10:12])[0] > 0
        ours = own_query(qid, labels, qtype, qclass, edns)
        response = self.forward(ours, False)
        if over_tcp and response is not None and len(response) > 2 and response[2] & 0x02:
            response = self.forward(ours, True)
        if response is None or len(response) < 12 or struct.unpack('>H', response[:2])[0] != qid:
            return reply(query, end, 2)
        response = query[:2] + response[2:]
        if response[2] & 0x02:
            # Truncated: the client asks again over TCP, and that full answer is the one admitted.
            return response
        try:
            # The answer must be to the question asked.
            got_labels, got_type, got_class, _ = parse_question_of_response(response)
            if [l.lower() for l in got_labels] != [l.lower() for l in labels] or got_type != qtype:
                return reply(query, end, 2)
            # Only on ports the name is admitted on: the proxy's own connection could go nowhere else.
            self.admitted.admit(addresses_in(response), ports, self.intercepts.ports(name) & ports)
        except (ValueError, struct.error):
            return reply(query, end, 2)
        except RuntimeError as e:
            # nft refused (the set is full, say): the answer is withheld, so nothing unadmitted is used.
            say('could not admit the answer for %s: %s' % (name, e))
            return reply(query, end, 2)
        return response

    def forward(self, query, over_tcp):
        for upstream in self.upstreams:
            family = socket.AF_INET6 if ':' in upstream else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM if over_tcp else socket.SOCK_DGRAM)
            try:
                sock.setsockopt(socket.SOL_SOCKET, SO_MARK, MARK)
                sock.settimeout(UPSTREAM_TIMEOUT)
                sock.connect((upstream, 53))
                if over_tcp:
                    sock.sendall(struct.pack('>H', len(query)) + query)
                    length = struct.unpack('>H', recv_exact(sock, 2))[0]
                    return recv_exact(sock, length)
                sock.send(query)
                return sock.recv(65535)
            except (OSError, EOFError):
                continue
            finally:
                sock.close()
        return None


def parse_question_of_response(response):
    if len(response) < 12 or struct.unpack('>H', response[4:6])[0] != 1:
        raise ValueError('response without one question')
    labels, offset = read_name(response, 12)
    qtype, qclass = struct.unpack('>HH', response[offset:offset + 4])
    return labels, qtype, qclass, offset + 4


def serve_udp(sock, resolver, slots):
    while True:
        query, client = sock.recvfrom(65535)
        if not slots.acquire(blocking=False):
            continue

        def work(query=query, client=client):
            try:
                answer = resolver.answer(query, False)
                if answer is not None:
                    sock.sendto(answer, client)
            except OSError:
                pass
            finally:
                slots.release()
        threading.Thread(target=work, daemon=True).start()


def serve_tcp(listener, resolver, slots):
    while True:
        conn, _ = listener.accept()
        if not slots.acquire(blocking=False):
            conn.close()
            continue

        def work(conn=conn):
            try:
                conn.settimeout(10)
                while True:
                    length = struct.unpack('>H', recv_exact(conn, 2))[0]
                    answer = resolver.answer(recv_exact(conn, length), True)
                    if answer is None:
                        break
                    conn.sendall(struct.pack('>H', len(answer)) + answer)
            except (OSError, EOFError, struct.error):
                pass
            finally:
                conn.close()
                slots.release()
        threading.Thread(target=work, daemon=True).start()


# ---------------------------------------------------------------- denials (NFLOG)

def nflog_socket():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((0, 0))

    def config(attribute_type, value):
        attr = struct.pack('HH', 4 + len(value), attribute_type) + value + b'\0' * ((4 - len(value) % 4) % 4)
        body = struct.pack('BBH', socket.AF_UNSPEC, 0, socket.htons(LOG_GROUP)) + attr
        # NFNL_SUBSYS_ULOG << 8 | NFULNL_MSG_CONFIG; NLM_F_REQUEST | NLM_F_ACK
        sock.send(struct.pack('IHHII', 16 + len(body), (4 << 8) | 1, 1 | 4, 0, 0) + body)
        ack = sock.recv(4096)
        error = struct.unpack('i', ack[16:20])[0] if len(ack) >= 20 else 0
        if error != 0:
            raise OSError(-error, os.strerror(-error))
    config(1, struct.pack('B', 1))              # NFULA_CFG_CMD: bind the group
    config(2, struct.pack('>IBx', 64, 2))       # NFULA_CFG_MODE: copy 64 bytes of each packet
    # NFULA_CFG_QTHRESH: hand over each packet at once. The kernel's default batches up to 100
    # packets for up to a second, so a denial just before the sandbox ends was never reported.
    config(5, struct.pack('>I', 1))
    return sock


def destination_of(packet):
    """(protocol, address, port) of an IPv4 or IPv6 packet's header, or None."""
    if not packet:
        return None
    version = packet[0] >> 4
    if version == 4 and len(packet) >= 20:
        header = (packet[0] & 0xF) * 4
        proto = packet[9]
        address = socket.inet_ntop(socket.AF_INET, packet[16:20])
    elif version == 6 and len(packet) >= 40:
        header = 40
        proto = packet[6]
        address = socket.inet_ntop(socket.AF_INET6, packet[24:40])
    else:
        return None
    port = 0
    if proto in (6, 17) and len(packet) >= header + 4:
        port = struct.unpack('>H', packet[header + 2:header + 4])[0]
    names = {6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6'}
    return names.get(proto, str(proto)), address, port


class Budget:
    """At most REPORTS_PER_WINDOW event lines per REPORT_EVERY seconds for the whole guard, so a
    sandbox that makes endless distinct denials cannot fill the host's disk through this
    container's log. What is left out is counted and reported as one 'suppressed' line per window."""

    def __init__(self):
        self.lock = threading.Lock()
        self.used = 0
        self.suppressed = 0

    def take(self):
        with self.lock:
            if self.used < REPORTS_PER_WINDOW:
                self.used += 1
                return True
            self.suppressed += 1
            return False

    def renew_forever(self):
        while True:
            time.sleep(REPORT_EVERY)
            with self.lock:
                suppressed, self.suppressed, self.used = self.suppressed, 0, 0
            if suppressed:
                emit('suppressed', suppressed)


BUDGET = Budget()


class Reports:
    """Emits an event at most once per REPORT_EVERY seconds for the same fields: a client that
    retries becomes one line."""

    def __init__(self):
        self.lock = threading.Lock()
        self.last = {}

    def report(self, *fields):
        now = time.monotonic()
        with self.lock:
            if now - self.last.get(fields, -REPORT_EVERY) < REPORT_EVERY:
                return
            if len(self.last) > 4096:
                self.last.clear()
            self.last[fields] = now
        if BUDGET.take():
            emit(*fields)


def report_denials(sock):
    reports = Reports()
    while True:
        try:
            data = sock.recv(1 << 16)
        except OSError as e:
            if e.errno == 105:  # ENOBUFS: a flood overran the buffer; keep reporting what comes
                continue
            raise
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack('IH', data[offset:offset + 6])
            if length < 16:
                break
            message = data[offset:offset + length]
            offset += (length + 3) & ~3
            if kind != (4 << 8):  # NFULNL_MSG_PACKET
                continue
            position = 16 + 4
            while position + 4 <= len(message):
                alen, atype = struct.unpack('HH', message[position:position + 4])
                if alen < 4:
                    break
                if atype & 0x7FFF == 9:  # NFULA_PAYLOAD
                    found = destination_of(message[position + 4:position + alen])
                    if found:
                        reports.report('blocked', *found)
                position += (alen + 3) & ~3


# ---------------------------------------------------------------- relay to the credential proxy
#
# Only with intercept targets. The sandbox's TCP to an intercepted address arrives, redirected, at
# the relay (127.0.0.1 and [::1], RELAY_PORT); the relay hands it to mino's credential proxy in the
# JVM through PROXY_SOCKET, after one line naming the original destination. The proxy opens its own
# connections to that destination through UPSTREAM_SOCKET: from this network namespace, marked so
# that they are not redirected back, and through the output chain like any of the sandbox's. The
# folder of both sockets is mounted into this container only; the sandbox never sees it.
#
# Every connection is served by threads of its own, at most MAX_PROXIED at once per service (more
# are closed at once). Whatever one connection does (garbage, resets, silence) ends that connection
# only; a listener that fails ends the guard.

class Refused(Exception):
    pass


def original_destination(conn):
    """(address text, port) a redirected connection was sent to, from connection tracking."""
    if conn.family == socket.AF_INET6:
        raw = conn.getsockopt(socket.IPPROTO_IPV6, IP6T_SO_ORIGINAL_DST, 28)
        return str(ipaddress.ip_address(raw[8:24])), struct.unpack('>H', raw[2:4])[0]
    raw = conn.getsockopt(socket.IPPROTO_IP, SO_ORIGINAL_DST, 16)
    return str(ipaddress.ip_address(raw[4:8])), struct.unpack('>H', raw[2:4])[0]


def proxiable(address):
    """Whether the proxy may be asked to reach this address at all: what a DNS answer could open
    (admissible), and no address of this network namespace. A loopback original is a connection
    to the relay itself, never a redirected one; and a connection to one of the namespace's own
    addresses would reach a listener the sandbox may have opened there."""
    if not admissible(address):
        return False
    probe = socket.socket(socket.AF_INET6 if ':' in address else socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # Binding succeeds only to an address of this namespace.
        probe.bind((address, 0))
        return False
    except OSError:
        return True
    finally:
        probe.close()


def pump(source, target):
    """Copies source to target until source ends, then half-closes target. A failure on either
    side ends both directions."""
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def splice(a, b):
    """Copies both ways until both directions have ended."""
    back = threading.Thread(target=pump, args=(b, a), daemon=True)
    back.start()
    pump(a, b)
    back.join()


def close_all(*socks):
    for sock in socks:
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass


def relay_one(conn):
    proxy = None
    try:
        address, port = original_destination(conn)
        if not proxiable(address):
            return
        # The relay passes on what arrives in pieces as it arrives: without this, a request written
        # in several small pieces waits on Nagle's algorithm and a delayed ACK (about 40 ms).
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        proxy = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        proxy.settimeout(CONNECT_TIMEOUT)
        # No proxy listening: the connection is closed, never sent on directly.
        proxy.connect(PROXY_SOCKET)
        proxy.sendall(('MINO-PROXY 1 %s %d\n' % (address, port)).encode('ascii'))
        proxy.settimeout(None)
        splice(conn, proxy)
    except OSError:
        pass
    finally:
        close_all(conn, proxy)


def read_line(conn):
    """One ASCII line of at most MAX_LINE bytes, without its end. Byte by byte: what follows the
    line belongs to the connection and must not be read here."""
    line = b''
    while len(line) < MAX_LINE:
        byte = conn.recv(1)
        if not byte:
            raise Refused('no request')
        if byte == b'\n':
            return line.decode('ascii')
        line += byte
    raise Refused('request too long')


def connect_target(line):
    """The (address, port) of a 'CONNECT <ip> <port>' line; Refused when malformed or not allowed."""
    words = line.split(' ')
    if len(words) != 3 or words[0] != 'CONNECT' or not words[2].isdigit() or not words[2].isascii():
        raise Refused('bad request')
    try:
        address = str(ipaddress.ip_address(words[1]))
    except ValueError:
        raise Refused('bad address')
    port = int(words[2])
    if not 0 < port < 65536:
        raise Refused('bad port')
    if not proxiable(address):
        raise Refused('destination not allowed')
    return address, port


def refuse(conn, reason):
    """Answers ERR with the reason, cut to fit one line."""
    conn.sendall(('ERR ' + reason)[:MAX_LINE - 1].encode('ascii', 'replace') + b'\n')


def upstream_one(conn):
    out = None
    try:
        conn.settimeout(CONNECT_TIMEOUT)
        try:
            address, port = connect_target(read_line(conn))
        except Refused as e:
            refuse(conn, str(e))
            return
        except UnicodeDecodeError:
            refuse(conn, 'bad request')
            return
        out = socket.socket(socket.AF_INET6 if ':' in address else socket.AF_INET, socket.SOCK_STREAM)
        out.setsockopt(socket.SOL_SOCKET, SO_MARK, MARK)
        out.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        out.settimeout(CONNECT_TIMEOUT)
        try:
            out.connect((address, port))
        except OSError as e:
            # Refused by the output chain (not admitted), or by the destination, or unreachable.
            refuse(conn, 'connect failed: %s' % (e.strerror or type(e).__name__))
            return
        out.settimeout(None)
        conn.settimeout(None)
        conn.sendall(b'OK\n')
        splice(conn, out)
    except OSError:
        pass
    finally:
        close_all(conn, out)


# accept() failures that concern one connection or a passing shortage, not the listener.
TRANSIENT = {4, 11, 12, 23, 24, 103, 105, 71, 110}  # EINTR EAGAIN ENOMEM ENFILE EMFILE ECONNABORTED ENOBUFS EPROTO ETIMEDOUT


def serve_connections(listener, work, slots):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError as e:
            if e.errno in TRANSIENT:
                time.sleep(0.05)
                continue
            raise
        if not slots.acquire(blocking=False):
            close_all(conn)
            continue

        def run(conn=conn):
            try:
                work(conn)
            finally:
                slots.release()
        try:
            threading.Thread(target=run, daemon=True).start()
        except RuntimeError:
            # No thread to be had: this connection is refused, the guard goes on.
            close_all(conn)
            slots.release()


def relay_listeners():
    """The relay's listeners: IPv4 always; IPv6 when this namespace has an IPv6 loopback (without
    one, no IPv6 destination is reachable to be redirected)."""
    listeners = []
    for family, address in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((address, RELAY_PORT))
            sock.listen(128)
            listeners.append(sock)
        except OSError as e:
            sock.close()
            if family == socket.AF_INET or e.errno not in (97, 99):  # EAFNOSUPPORT, EADDRNOTAVAIL
                fail(EXIT_RELAY_FAILED, 'cannot listen for the credential proxy on %s port %d: %s'
                     % (address, RELAY_PORT, e))
            say('no IPv6 loopback: IPv6 connections to intercepted hosts cannot be made')
    return listeners


def verify_redirect(listeners):
    """A probe per family: an unmarked connection to a documentation address, put in the intercept
    set for a moment, must arrive at the relay with that address as its original destination. An
    nft that reports success but redirects nothing, or a kernel that cannot say where a
    redirected connection was going, fails here, before any sandbox relies on the relay."""
    for listener in listeners:
        v6 = listener.family == socket.AF_INET6
        fam, probe = ('6', '2001:db8::9') if v6 else ('4', '192.0.2.9')
        bare = '{ %s . 9 }' % probe
        nft('add element inet %s intercept%s { %s . 9 timeout 30s }\n' % (TABLE, fam, probe))
        client = socket.socket(listener.family, socket.SOCK_STREAM)
        try:
            client.setblocking(False)
            code = client.connect_ex((probe, 9))
            if code == 101:  # ENETUNREACH: no route in this family, so nothing to redirect in it
                say('no IPv%s route: the redirect of IPv%s connections was not probed' % (fam, fam))
                continue
            listener.settimeout(3)
            conn, _ = listener.accept()
            try:
                got = original_destination(conn)
            finally:
                conn.close()
            if got != (probe, 9):
                fail(EXIT_RULES_NOT_IN_PLACE, 'the redirect to the credential proxy is not in place: a probe to '
                     '%s port 9 arrived as %s port %d' % (probe, got[0], got[1]))
        except OSError as e:
            fail(EXIT_RULES_NOT_IN_PLACE, 'the redirect to the credential proxy is not in place: a probe to %s '
                 'port 9 did not arrive at the relay (%s)' % (probe, e))
        finally:
            client.close()
            listener.settimeout(None)
            nft('delete element inet %s intercept%s %s\n' % (TABLE, fam, bare))


def upstream_listener():
    if not os.path.isdir(PROXY_DIR):
        fail(EXIT_RELAY_FAILED, 'the credential proxy\'s folder %s is not mounted into the firewall' % PROXY_DIR)
    try:
        try:
            os.unlink(UPSTREAM_SOCKET)
        except FileNotFoundError:
            pass
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(UPSTREAM_SOCKET)
        # The folder keeps everyone but mino's JVM out; the JVM may run as another uid than this
        # container's root (root beside a rootless engine).
        os.chmod(UPSTREAM_SOCKET, 0o666)
        sock.listen(128)
        return sock
    except OSError as e:
        fail(EXIT_RELAY_FAILED, 'cannot listen for the credential proxy on %s: %s' % (UPSTREAM_SOCKET, e))


def start_relay():
    listeners = relay_listeners()
    upstream = upstream_listener()
    verify_redirect(listeners)
    relayed = threading.BoundedSemaphore(MAX_PROXIED)
    for listener in listeners:
        fatal_thread(serve_connections, listener, relay_one, relayed, code=EXIT_RELAY_FAILED)
    fatal_thread(serve_connections, upstream, upstream_one, threading.BoundedSemaphore(MAX_PROXIED),
                 code=EXIT_RELAY_FAILED)


# ---------------------------------------------------------------- control (allow at run time)

def serve_control(listener, policy):
    while True:
        conn, _ = listener.accept()
        try:
            conn.settimeout(10)
            request = b''
            while not request.endswith(b'\n') and len(request) < 1024:
                chunk = conn.recv(1024)
                if not chunk:
                    break
                request += chunk
            words = request.decode('ascii', 'replace').split()
            if len(words) != 2 or words[0] != 'allow':
                conn.sendall(b'error bad request\n')
                continue
            rule = Rule(words[1])
            if rule.kind == 'address':
                nft('add element inet %s static%s { %s }\n' % (TABLE, family_of(rule.network), static_element(rule)))
            elif rule.kind == 'range':
                nft('add rule inet %s ranges %s\n' % (TABLE, range_rule(rule)))
            else:
                policy.add(rule)
            emit('allowed', rule.text)
            conn.sendall(b'ok\n')
        except (ValueError, IndexError, RuntimeError) as e:
            try:
                conn.sendall(('error %s\n' % e).encode('ascii', 'replace'))
            except OSError:
                pass
        except OSError:
            pass
        finally:
            conn.close()


def allow(text):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(15)
        sock.connect(CONTROL)
        sock.sendall(('allow %s\n' % text).encode('ascii'))
        answer = sock.recv(1024).decode('ascii', 'replace').strip()
    except OSError as e:
        fail(EXIT_ALLOW_FAILED, 'the egress guard did not answer: %s' % e)
    finally:
        sock.close()
    if answer != 'ok':
        fail(EXIT_ALLOW_FAILED, 'the egress guard refused %s: %s' % (text, answer))
    print('allowed ' + text)


# ---------------------------------------------------------------- start

def upstream_resolvers():
    found = []
    with open(RESOLV_CONF) as f:
        for line in f:
            words = line.split()
            if len(words) >= 2 and words[0] == 'nameserver':
                address = words[1].split('%')[0]
                if is_address(address) and not ipaddress.ip_address(address).is_loopback and address not in found:
                    found.append(address)
    return found


def point_resolv_conf_here():
    # Truncate and rewrite in place: the file is a bind mount the sandbox shares with this container.
    with open(RESOLV_CONF, 'w') as f:
        f.write('# mino: the only resolver is the egress guard\nnameserver 127.0.0.1\noptions edns0\n')


def guard(texts, intercept_texts):
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    rules = [Rule(t) for t in texts]
    policy = Policy()
    for rule in rules:
        if rule.kind in ('name', 'wildcard'):
            policy.add(rule)
    intercepts = Policy()
    for text in intercept_texts:
        target = Rule(text)
        if target.kind not in ('name', 'wildcard'):
            fail(2, 'an intercept target is a name or a wildcard, not %s' % text)
        intercepts.add(target)
    intercepting = intercepts.has_names()
    upstreams = upstream_resolvers()
    if policy.has_names() and not upstreams:
        fail(EXIT_NO_UPSTREAM, 'the allowlist names hosts, but the container was given no resolver to ask')
    try:
        if ('inet %s' % TABLE) in nft_out('list', 'tables'):
            nft('delete table inet %s\n' % TABLE)
        nft(ruleset(rules, upstreams, intercepting))
    except RuntimeError as e:
        fail(EXIT_RULES_NOT_IN_PLACE, str(e))
    verify(rules, intercepting)

    try:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(('127.0.0.1', 53))
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind(('127.0.0.1', 53))
        tcp.listen(64)
    except OSError as e:
        fail(EXIT_RESOLVER_FAILED, 'cannot answer DNS on 127.0.0.1:53: %s' % e)
    point_resolv_conf_here()

    try:
        os.unlink(CONTROL)
    except FileNotFoundError:
        pass
    old = os.umask(0o077)
    control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    control.bind(CONTROL)
    os.umask(old)
    control.listen(8)

    if intercepting:
        try:
            start_relay()
        except RuntimeError as e:
            fail(EXIT_RULES_NOT_IN_PLACE, str(e))
    admitted = Admitted()
    resolver = Resolver(policy, upstreams, admitted, intercepts)
    slots = threading.BoundedSemaphore(64)
    fatal_thread(serve_udp, udp, resolver, slots)
    fatal_thread(serve_tcp, tcp, resolver, slots)
    fatal_thread(serve_control, control, policy)
    fatal_thread(BUDGET.renew_forever)
    try:
        fatal_thread(report_denials, nflog_socket())
    except OSError as e:
        say('blocked connections cannot be reported here (%s); they are still blocked' % e)
    with out_lock:
        sys.stdout.write(READY + '\n')
        sys.stdout.flush()
    while True:
        signal.pause()


def main(argv):
    if len(argv) >= 2 and argv[0] == 'guard':
        args, intercepts = argv[1:], []
        while len(args) >= 2 and args[0] == '--intercept':
            intercepts.append(args[1])
            args = args[2:]
        if not args:
            fail(2, 'usage: guard [--intercept HOST:PORT]... RULE...')
        guard(args, intercepts)
    elif len(argv) == 2 and argv[0] == 'allow':
        allow(argv[1])
    else:
        fail(2, 'usage: guard [--intercept HOST:PORT]... RULE... | allow RULE')


main(sys.argv[1:])
