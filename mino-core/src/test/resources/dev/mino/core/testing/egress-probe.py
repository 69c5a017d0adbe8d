# Network probes for mino's egress tests, run inside a container with python3 (Debian's
# python3-minimal is enough). Each prints one line: what it got, or "error <ERRNO>" / "error timeout",
# and exits 0 either way (the line is the result); a bad command line exits 2.
#
#   resolve NAME                     the addresses getaddrinfo gives (the container's resolver)
#   http HOST PORT                   the body of GET / (HOST may be a name, resolved as above)
#   dns udp|tcp SERVER NAME [TYPE]   one query sent straight to SERVER:53: "rcode=N addresses"
#                                    (in NAME, "\\." is a dot inside a label)
#   questions udp|tcp SERVER NAME... one query with several questions (type A), answered as dns
#   ping ADDRESS                     one ICMP echo over an unprivileged ICMP socket: "reply"
#   bind ADDRESS PORT udp|tcp        whether a socket can be bound there (with SO_REUSEADDR/PORT)
#   mark                             whether a socket can be marked (SO_MARK needs NET_ADMIN)
#   procs                            the command lines of the processes this container can see
import errno
import os
import re
import socket
import struct
import sys

TIMEOUT = 3.0
TYPES = {'A': 1, 'AAAA': 28, 'TXT': 16}


def error(e):
    if isinstance(e, socket.timeout):
        return 'error timeout'
    if isinstance(e, socket.gaierror):
        return 'error gai%d' % e.errno
    code = getattr(e, 'errno', None)
    return 'error ' + (errno.errorcode.get(code, str(code)) if code else str(e))


def family(host):
    return socket.AF_INET6 if ':' in host else socket.AF_INET


def resolve(name):
    infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    return ' '.join(sorted({info[4][0] for info in infos}))


def http(host, port):
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
        sock.sendall(b'GET / HTTP/1.0\r\nHost: probe\r\n\r\n')
        data = b''
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    return data.split(b'\r\n\r\n', 1)[-1].decode('ascii', 'replace').strip()


def encode_name(name):
    labels = [l.replace('\\.', '.') for l in re.split(r'(?<!\\)\.', name.strip('.'))]
    return b''.join(bytes([len(l)]) + l.encode('ascii') for l in labels) + b'\0'


def query(names, qtype):
    header = struct.pack('>HHHHHH', int.from_bytes(os.urandom(2), 'big'), 0x0100, len(names), 0, 0, 0)
    return header + b''.join(encode_name(n) + struct.pack('>HH', TYPES.get(qtype, 1), 1) for n in names)


def skip_name(message, offset):
    while True:
        length = message[offset]
        if length & 0xC0 == 0xC0:
            return offset + 2
        offset += 1 + length
        if length == 0:
            return offset


def describe_answer(message):
    rcode = message[3] & 0xF
    asked, count = struct.unpack('>HH', message[4:8])
    offset = 12
    for _ in range(asked):
        offset = skip_name(message, offset) + 4
    found = []
    for _ in range(count):
        offset = skip_name(message, offset)
        rtype, _, _, length = struct.unpack('>HHIH', message[offset:offset + 10])
        offset += 10
        if rtype == 1:
            found.append(socket.inet_ntop(socket.AF_INET, message[offset:offset + length]))
        elif rtype == 28:
            found.append(socket.inet_ntop(socket.AF_INET6, message[offset:offset + length]))
        offset += length
    return ' '.join(['rcode=%d' % rcode] + sorted(found))


def recv_exact(sock, count):
    data = b''
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise OSError(errno.ECONNRESET, 'closed')
        data += chunk
    return data


def dns(protocol, server, name, qtype='A'):
    return ask(protocol, server, query([name], qtype))


def questions(protocol, server, *names):
    return ask(protocol, server, query(list(names), 'A'))


def ask(protocol, server, message):
    kind = socket.SOCK_STREAM if protocol == 'tcp' else socket.SOCK_DGRAM
    with socket.socket(family(server), kind) as sock:
        sock.settimeout(TIMEOUT)
        sock.connect((server, 53))
        if protocol == 'tcp':
            sock.sendall(struct.pack('>H', len(message)) + message)
            answer = recv_exact(sock, struct.unpack('>H', recv_exact(sock, 2))[0])
        else:
            sock.send(message)
            answer = sock.recv(65535)
    return describe_answer(answer)


def bind(address, port, protocol):
    kind = socket.SOCK_STREAM if protocol == 'tcp' else socket.SOCK_DGRAM
    with socket.socket(family(address), kind) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, 'SO_REUSEPORT', 15), 1)
        sock.bind((address, int(port)))
        if protocol == 'tcp':
            sock.listen(1)
    return 'bound'


def ping(address):
    v6 = ':' in address
    kind = (socket.AF_INET6, socket.IPPROTO_ICMPV6) if v6 else (socket.AF_INET, socket.IPPROTO_ICMP)
    with socket.socket(kind[0], socket.SOCK_DGRAM, kind[1]) as sock:
        sock.settimeout(TIMEOUT)
        # An echo request (the kernel sets the id and the checksum).
        sock.sendto(struct.pack('>BBHHH', 128 if v6 else 8, 0, 0, 0, 1) + b'mino-probe', (address, 0))
        sock.recv(1024)
    return 'reply'


def mark():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, 'SO_MARK', 36), 0x4d494e4f)
    return 'marked'


def procs():
    lines = []
    for pid in sorted(p for p in os.listdir('/proc') if p.isdigit()):
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                lines.append(pid + ' ' + f.read().replace(b'\0', b' ').decode('ascii', 'replace')[:200])
        except OSError:
            pass
    return '\n'.join(lines)


COMMANDS = {'resolve': resolve, 'http': http, 'dns': dns, 'questions': questions, 'ping': ping, 'bind': bind,
            'mark': mark, 'procs': procs}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        sys.stderr.write('usage: %s\n' % ' | '.join(sorted(COMMANDS)))
        return 2
    try:
        print(COMMANDS[argv[0]](*argv[1:]))
    except TypeError as e:
        sys.stderr.write('bad arguments: %s\n' % e)
        return 2
    except (OSError, ValueError, IndexError, struct.error) as e:
        print(error(e))
    return 0


sys.exit(main(sys.argv[1:]))
