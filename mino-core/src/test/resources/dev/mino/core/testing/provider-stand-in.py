# A stand-in for a credential provider's HTTPS API, for the credential proxy's integration tests.
# Runs in the Debian test image, whose python3-minimal has ssl, socket and hashlib but neither
# http.server, hmac nor json: so HTTP/1.1 and HMAC are written out here.
#
#   python3 provider-stand-in.py NAME[,NAME...] README-TEXT
#
# At start it makes a self-signed certificate for the names (/srv/tls/cert.pem), a bare git
# repository /srv/git/repo.git with one commit of a README, then listens on [::]:8443 (both
# families) and prints READY. What it accepts as real credentials it reads from /srv/config (lines
# key=value: token, aws-access-key-id, aws-secret-access-key, aws-session-token) at each request,
# so the fixture can change them while it runs. Each request is logged to stdout as one line:
#   REQUEST <method> <host or -> <target> <authorization scheme or -> <authorization sha256 or ->
# The last field is the SHA-256 (lower-case hex) of the Authorization header's value (its
# ISO-8859-1 bytes, as received, without surrounding blanks): evidence of which credential
# arrived, for the test to compare, that never prints the credential itself.
import base64
import hashlib
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import urllib.parse

PORT = 8443
CONFIG = "/srv/config"
TLS = "/srv/tls"
GIT_ROOT = "/srv/git"
MAX_HEAD = 64 * 1024
MAX_BODY = 16 * 1024 * 1024


def config():
    values = {}
    try:
        with open(CONFIG, encoding="ascii") as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    values[key] = value
    except FileNotFoundError:
        pass
    return values


def run(*command, cwd=None):
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def make_certificate(names):
    os.makedirs(TLS, exist_ok=True)
    san = ",".join("DNS:" + n for n in names)
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", TLS + "/key.pem", "-out", TLS + "/cert.pem", "-days", "3", "-subj", "/CN=" + names[0],
        "-addext", "subjectAltName=" + san, "-addext", "extendedKeyUsage=serverAuth")


def make_repository(readme):
    bare = GIT_ROOT + "/repo.git"
    work = "/srv/work"
    os.makedirs(work, exist_ok=True)
    git = ["git", "-c", "user.name=stand-in", "-c", "user.email=stand-in@egress.test",
           "-c", "init.defaultBranch=main"]
    run(*git, "init", "--quiet", "--bare", bare)
    run(*git, "init", "--quiet", work)
    with open(work + "/README", "w", encoding="utf-8") as f:
        f.write(readme)
    run(*git, "add", "README", cwd=work)
    run(*git, "commit", "--quiet", "-m", "stand-in repository", cwd=work)
    run(*git, "push", "--quiet", bare, "HEAD:refs/heads/main", cwd=work)
    run("git", "--git-dir=" + bare, "symbolic-ref", "HEAD", "refs/heads/main")
    run("git", "--git-dir=" + bare, "update-server-info")


# ---- HTTP/1.1 ----

class Request:
    def __init__(self, method, target, version, headers, body):
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers  # [(name, value)] as received
        self.body = body
        self.path, _, self.query = target.partition("?")

    def header(self, name):
        values = [v for n, v in self.headers if n.lower() == name.lower()]
        return ",".join(values) if values else None


class BadRequest(Exception):
    pass


def read_line(reader):
    line = reader.readline(MAX_HEAD + 1)
    if len(line) > MAX_HEAD:
        raise BadRequest("line too long")
    return line


def read_request(reader, writer):
    line = read_line(reader)
    if not line:
        return None
    parts = line.decode("latin-1").rstrip("\r\n").split(" ")
    if len(parts) != 3:
        raise BadRequest("request line")
    method, target, version = parts
    headers = []
    while True:
        line = read_line(reader).decode("latin-1")
        if line in ("\r\n", "\n", ""):
            break
        name, sep, value = line.rstrip("\r\n").partition(":")
        if not sep:
            raise BadRequest("header line")
        headers.append((name, value.strip(" \t")))
    request = Request(method, target, version, headers, b"")
    if (request.header("expect") or "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        writer.flush()
    if "chunked" in (request.header("transfer-encoding") or "").lower():
        body = bytearray()
        while True:
            size = int(read_line(reader).split(b";")[0].strip(), 16)
            if size == 0:
                while read_line(reader) not in (b"\r\n", b"\n", b""):
                    pass
                break
            body += reader.read(size)
            read_line(reader)
            if len(body) > MAX_BODY:
                raise BadRequest("body too long")
        request.body = bytes(body)
    else:
        length = int(request.header("content-length") or "0")
        if length > MAX_BODY:
            raise BadRequest("body too long")
        request.body = reader.read(length) if length else b""
    return request


REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed"}


def respond(writer, request, status, body, extra=()):
    if isinstance(body, str):
        body = body.encode("utf-8")
    head = ["HTTP/1.1 %d %s" % (status, REASONS.get(status, "Status")), "Content-Length: %d" % len(body)]
    if not any(h.lower().startswith("content-type:") for h in extra):
        head.append("Content-Type: text/plain; charset=utf-8")
    head += list(extra)
    head.append("Connection: " + ("close" if closes(request) else "keep-alive"))
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
    if request is None or request.method != "HEAD":
        writer.write(body)
    writer.flush()


def closes(request):
    if request is None:
        return True
    connection = (request.header("connection") or "").lower()
    return "close" in connection or (request.version == "HTTP/1.0" and "keep-alive" not in connection)


# ---- behaviours ----

def echo(request):
    lines = ["method: " + request.method, "path: " + request.target]
    lines += [name + ": " + value for name, value in request.headers]
    lines.append("body-sha256: " + hashlib.sha256(request.body).hexdigest())
    return 200, "\n".join(lines) + "\n", ()


def git(request):
    scheme, _, credentials = (request.header("authorization") or "").partition(" ")
    password = None
    if scheme.lower() == "basic":
        try:
            password = base64.b64decode(credentials.strip(), validate=True).decode("utf-8").partition(":")[2]
        except ValueError:
            password = None
    token = config().get("token")
    if not token or password != token:
        return 401, "authentication required\n", ('WWW-Authenticate: Basic realm="git"',)
    if request.method not in ("GET", "HEAD"):
        return 405, "a dumb git server only reads\n", ()
    relative = urllib.parse.unquote(request.path[len("/git/"):])
    if not re.fullmatch(r"[A-Za-z0-9_.-]+\.git(/[A-Za-z0-9_.-]+)*", relative) or "/.." in "/" + relative:
        return 404, "no such file\n", ()
    file = os.path.join(GIT_ROOT, relative)
    if not os.path.isfile(file):
        return 404, "no such file\n", ()
    with open(file, "rb") as f:
        return 200, f.read(), ("Content-Type: application/octet-stream",)


# SigV4, from the public description of Signature Version 4 (canonical request, string to sign,
# signing key): the stand-in checks what the proxy's re-signing produced, as AWS would.
UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"


def hmac_sha256(key, message):
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key) + message).digest()
    return hashlib.sha256(bytes(b ^ 0x5C for b in key) + inner).digest()


def encode(text, keep_slash=False):
    return urllib.parse.quote(text, safe=UNRESERVED + ("/" if keep_slash else ""))


def normalized_path(path):
    segments = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    normalized = "/" + "/".join(segments)
    if path.endswith("/") and normalized != "/":
        normalized += "/"
    return normalized


def canonical_uri(path, service):
    path = path or "/"
    if service == "s3":
        return path
    return encode(normalized_path(path), keep_slash=True)


def canonical_query(query):
    pairs = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        pairs.append((encode(urllib.parse.unquote(name)), encode(urllib.parse.unquote(value))))
    return "&".join(n + "=" + v for n, v in sorted(pairs))


def canonical_header_value(values):
    return ",".join(re.sub(r"\s+", " ", v.strip()) for v in values)


def signature_problem(request, keys):
    """None when the request carries a valid SigV4 signature by keys; otherwise why not."""
    authorization = request.header("authorization") or ""
    match = re.fullmatch(r"AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]{64})",
                         authorization.strip())
    if not match:
        return "no AWS4-HMAC-SHA256 Authorization header", None
    credential, signed_headers, signature = match.groups()
    scope_parts = credential.split("/")
    if len(scope_parts) != 5 or scope_parts[4] != "aws4_request":
        return "malformed credential scope " + credential, None
    key_id, date, region, service = scope_parts[:4]
    if not keys.get("aws-access-key-id") or key_id != keys["aws-access-key-id"]:
        return "unknown access key id " + key_id, None
    session_token = keys.get("aws-session-token")
    if session_token and request.header("x-amz-security-token") != session_token:
        return "X-Amz-Security-Token is not the session token of " + key_id, None
    amz_date = request.header("x-amz-date") or ""
    if not amz_date.startswith(date):
        return "X-Amz-Date " + amz_date + " is not of the scope's day " + date, None
    names = signed_headers.split(";")
    if "host" not in names or names != sorted(names):
        return "SignedHeaders must be sorted and include host: " + signed_headers, None
    body_hash = hashlib.sha256(request.body).hexdigest()
    payload = request.header("x-amz-content-sha256") or body_hash
    if payload != "UNSIGNED-PAYLOAD" and payload != body_hash:
        return "x-amz-content-sha256 is not the hash of the body", None
    headers = []
    for name in names:
        values = [v for n, v in request.headers if n.lower() == name]
        if not values:
            return "signed header " + name + " is missing", None
        headers.append(name + ":" + canonical_header_value(values) + "\n")
    canonical = "\n".join([request.method, canonical_uri(request.path, service), canonical_query(request.query),
                           "".join(headers), signed_headers, payload])
    scope = "/".join([date, region, service, "aws4_request"])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode("utf-8")).hexdigest()])
    key = ("AWS4" + keys.get("aws-secret-access-key", "")).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = hmac_sha256(key, part.encode("utf-8"))
    expected = hmac_sha256(key, to_sign.encode("utf-8")).hex()
    if expected != signature:
        return "signature differs; the canonical request was:\n" + canonical, None
    return None, key_id


def aws(request):
    problem, key_id = signature_problem(request, config())
    if problem:
        return 403, "SignatureDoesNotMatch: " + problem + "\n", ()
    return 200, "signature ok " + key_id + "\n", ()


def route(request):
    if request.path == "/echo" or request.path.startswith("/echo/"):
        return echo(request)
    if request.path.startswith("/git/"):
        return git(request)
    if request.path.startswith("/aws/") or (request.path == "/" and request.method == "POST"):
        return aws(request)
    return 404, "nothing here\n", ()


def log(request):
    # The scheme alone: whatever blank separates it, the credential itself is never printed.
    scheme = re.split(r"\s", (request.header("authorization") or "").strip())[0] or "-"
    host = re.sub(r"\s", "", request.header("host") or "") or "-"
    authorization = request.header("authorization")
    digest = "-" if authorization is None else hashlib.sha256(authorization.encode("latin-1")).hexdigest()
    print("REQUEST", request.method, host, request.target, scheme, digest, flush=True)


def serve(raw, context):
    try:
        raw.settimeout(60)
        with context.wrap_socket(raw, server_side=True) as connection:
            reader = connection.makefile("rb")
            writer = connection.makefile("wb")
            while True:
                try:
                    request = read_request(reader, writer)
                except (BadRequest, ValueError) as e:
                    respond(writer, None, 400, "bad request: %s\n" % e)
                    return
                if request is None:
                    return
                log(request)
                status, body, extra = route(request)
                respond(writer, request, status, body, extra=extra)
                if closes(request):
                    return
    except (OSError, ssl.SSLError) as e:
        print("CONNECTION-ERROR", type(e).__name__, e, flush=True)
    finally:
        raw.close()


def main():
    names = sys.argv[1].split(",")
    make_certificate(names)
    make_repository(sys.argv[2])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS + "/cert.pem", TLS + "/key.pem")
    context.set_alpn_protocols(["http/1.1"])
    listener = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    listener.bind(("::", PORT))
    listener.listen(64)
    print("READY", flush=True)
    while True:
        raw, _ = listener.accept()
        threading.Thread(target=serve, args=(raw, context), daemon=True).start()


if __name__ == "__main__":
    main()
