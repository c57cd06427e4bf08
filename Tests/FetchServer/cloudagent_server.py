#!/usr/bin/env python3
"""Fake Ozonetel CloudAgent "Get call logs" API for the callreport tests.

Standard library only (Python 3.11). Binds 127.0.0.1 only, prints exactly one
line "LISTENING <port>" on stdout, then serves until SIGTERM/SIGINT or until
--max-lifetime seconds have passed (a safety net for a crashed test runner).

  GET /cloudAgentRestAPI/index.php/CloudAgent/CloudAgentAPI/getCallLogs
      ?api_key=&user_name=&from_date=&to_date=[&campaign_name=][&format=json|xml]

Answers HTTP 200 for success and failure, like the real service:
  {"status":"success","message":[records]} / {"status":"failure","message":TEXT}
or the XML form <xml><status>..</status><message><item>..</item></message></xml>.
JSON is written PHP-style (non-ASCII as \\uXXXX, "/" as "\\/").

Checks, in order:
  1. api_key missing/empty                  -> "Please provide API Key"
  2. user_name missing/empty                -> "Please provide UserName"
  -- from here the request counts against user_name's rate limit, unless it
     is itself refused by step 4 (requests answered "Max Limit Exceeded" are
     not counted; wrong-credential requests are) --
  3. api_key/user_name differ from --api-key/--user-name -> "no record found"
  4. more than N requests in the rolling window -> "Max Limit Exceeded"
  5. fault injection (--fail-first / --fail-every / --fail-at / --fail-from,
     or POST /_fault); the n-th request here is the n-th request that passed
     steps 1-4
  6. from_date/to_date missing or unparseable -> "Invalid Date Format"
  7. to_date - from_date >= 30 days -> "The Requested date should not be more than 30 days"
  8. records with StartTime in [from_date, to_date] (and CampaignName ==
     campaign_name when given, exact); none -> "no record found"

Test hooks: GET /_stats (counters and a request log without api keys),
POST /_reset (counters, request log, fault sequence and rate-limit memory),
POST /_fault {"mode": M, "at": [n..], "from": n} (faults counted from the next
eligible request, n = 1; {} turns every fault off).
Any other path or method -> 404 text/plain. The api key is never printed.
"""
import argparse, base64, hmac, json, re, os, signal, socket, socketserver, struct, sys, threading, time
from collections import deque
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, quote_plus, urlsplit, urlencode
from xml.sax.saxutils import escape

ENDPOINT = "/cloudAgentRestAPI/index.php/CloudAgent/CloudAgentAPI/getCallLogs"
FAIL_MODES = ("html500", "html200", "truncate", "truncate-short", "slow", "reset", "limit", "refuse")
HTML_500 = (b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
            b"<body><h1>Internal Server Error</h1><p>The server encountered an internal "
            b"error and was unable to complete your request.</p></body></html>\n")
HTML_PROXY = (b"<!DOCTYPE html><html><head><title>Gateway error</title></head><body>"
              b"<h1>502 Bad Gateway</h1><p>The proxy server received an invalid response "
              b"from an upstream server.</p><hr><address>corporate-proxy</address></body></html>\n")
SHUTDOWN = threading.Event()


def parse_time(text):
    """'YYYY-MM-DD HH:MM:SS' (or with 'T') -> datetime, else None."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.strptime(text.strip().replace("T", " ", 1), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def start_key(record):
    """Comparable 'YYYY-MM-DD HH:MM:SS' of a record's StartTime, or None."""
    value = record.get("StartTime", record.get("Start Time"))
    return value.replace("T", " ", 1)[:19] if isinstance(value, str) else None


def php_json(obj):
    # ensure_ascii gives \uXXXX like PHP's json_encode; '/' only occurs inside
    # strings in JSON text, so escaping it everywhere is safe.
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def xml_name(key):
    name = "".join(c if c.isalnum() or c in "_-." else "_" for c in str(key)) or "_"
    return name if (name[0].isalpha() or name[0] == "_") else "_" + name


def xml_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = "".join(c for c in str(value) if c in "\t\n\r" or ord(c) >= 0x20)
    return escape(text)


def key_forms(key, n):
    """Record fields carrying the key in the forms a careless account could echo (--echo-key):
    raw, percent-encoded (upper hex; lower hex with '+' for a space), inside base64 texts
    (standard and URL-safe, at an alignment that turns with n), and, through php_json, JSON-escaped."""
    raw = key.encode()
    lower = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote_plus(key, safe=""))
    pad = b"xyz"[: n % 3]
    return {
        "Comments": f"agent pasted {key} here",
        "AudioFile": f"https://recordings.example/{n}.mp3?api_key={quote(key, safe='')}&x=1",
        "TransferredTo": f"callback?k={lower}",
        "Disposition": "Token " + base64.b64encode(pad + raw + b"!").decode(),
        "UUI": base64.urlsafe_b64encode(b"u:" + pad + raw).decode(),
    }


def shaped(records, shape):
    """The success message in the shape --message-shape asks for (a list by default)."""
    if shape == "object" and len(records) == 1:
        return records[0]
    if shape == "object-of-objects":
        return {str(i + 1): r for i, r in enumerate(records)}
    return records


def render(ok, message, fmt):
    """Body bytes and Content-Type for a success (list, object or object of objects) or failure (text)."""
    status = "success" if ok else "failure"
    if fmt != "xml":
        return php_json({"status": status, "message": message}).encode(), "application/json; charset=utf-8"
    def leaves(rec):
        return "".join(f"<{xml_name(k)}>{xml_text(v)}</{xml_name(k)}>" for k, v in rec.items())
    if ok and isinstance(message, dict) and all(isinstance(v, dict) for v in message.values()):
        items = "".join(f"<call_{k}>" + leaves(rec) + f"</call_{k}>" for k, rec in message.items())
    elif ok and isinstance(message, dict):
        items = leaves(message)
    elif ok:
        items = "".join("<item>" + leaves(rec) + "</item>" for rec in message)
    else:
        items = escape(message)
    doc = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xml><status>{status}</status>'
           f"<message>{items}</message></xml>\n")
    return doc.encode("utf-8"), "application/xml; charset=utf-8"


class State:
    """Everything shared between request threads, guarded by one lock."""

    def __init__(self, args, records):
        self.args, self.records, self.lock = args, records, threading.Lock()
        count, _, seconds = args.rate_limit.partition("/")
        self.limit, self.period = int(count), float(seconds or 3600)
        self.hits = {}  # user_name -> deque of wall-clock timestamps
        self.load_hits()
        self.reset_counters()
        self.set_faults(args.fail_mode, args.fail_at, args.fail_from, base=0)

    def set_faults(self, mode, at, start, base):
        """Faults for the eligible requests base+n (n in at, or n >= start)."""
        self.fault_mode = mode
        self.fault_at = {base + n for n in at or []}
        self.fault_from = base + start if start else 0

    def reset_counters(self):
        self.requests = self.served = self.rate_limited = self.faults = self.accepted = 0
        self.fail_first, self.fail_every = self.args.fail_first, self.args.fail_every
        self.by_window, self.log = {}, []

    def reset(self):
        with self.lock:
            self.reset_counters()
            self.set_faults(self.args.fail_mode, self.args.fail_at, self.args.fail_from, base=0)
            self.hits = {}
            self.save_hits()

    def load_hits(self):
        path = self.args.state_file
        if path and os.path.exists(path):
            try:
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
                now = time.time()
                self.hits = {u: deque(t for t in ts if t > now - self.period)
                             for u, ts in data.get("hits", {}).items()}
            except (OSError, ValueError, AttributeError):
                self.hits = {}

    def save_hits(self):
        path = self.args.state_file
        if not path:
            return
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"hits": {u: list(ts) for u, ts in self.hits.items()}}, f)
        os.replace(tmp, path)

    def admit(self, user):
        """Rate limit: True and counted, or False (not counted)."""
        now = time.time()
        q = self.hits.setdefault(user, deque())
        while q and q[0] <= now - self.period:
            q.popleft()
        if len(q) >= self.limit:
            return False
        q.append(now)
        self.save_hits()
        return True

    def stats(self):
        with self.lock:
            return {"requests": self.requests, "served": self.served,
                    "by_window": dict(self.by_window), "rate_limited": self.rate_limited,
                    "faults": self.faults, "log": list(self.log)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "Apache"

    def log_message(self, fmt, *args):
        if self.server.state.args.verbose:  # never the raw path: it holds the key
            sys.stderr.write(f"[fake-cloudagent] {self.safe_path()} {fmt % args}\n")

    def log_request(self, code="-", size="-"):
        self.log_message("-> %s", code)

    def log_error(self, fmt, *args):  # args may quote the raw request line
        self.log_message("error %s", args[0] if args and isinstance(args[0], int) else "")

    def safe_path(self):
        parts = urlsplit(getattr(self, "path", "") or "")
        query = parse_qs(parts.query, keep_blank_values=True)
        if "api_key" in query:
            query["api_key"] = ["***"]
        return parts.path + ("?" + urlencode(query, doseq=True, safe="*") if query else "")

    def send(self, code, body, ctype, close=False, length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def echoed_request(self):
        """With --echo-key, the raw request line, as careless error pages print it."""
        if not self.server.state.args.echo_key:
            return b""
        # A proxy that logs the credentials it saw, as a Basic authorization header would carry them.
        q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}
        token = base64.b64encode(f"{q.get('user_name', '')}:{q.get('api_key', '')}".encode()).decode()
        return f"<!-- request: {escape(self.path)} -->\n<!-- authorization: Basic {token} -->\n".encode()

    def not_found(self):
        self.send(404, b"Not Found\n", "text/plain; charset=utf-8")

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/_reset":
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.server.state.reset()
            self.send(200, b'{"reset":true}', "application/json")
        elif path == "/_fault":
            state = self.server.state
            try:
                spec = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                mode, at, start = spec.get("mode"), spec.get("at", []), spec.get("from", 0)
                if mode is not None and mode not in FAIL_MODES:
                    raise ValueError(mode)
            except (ValueError, AttributeError):
                self.send(400, b"bad fault\n", "text/plain; charset=utf-8")
                return
            with state.lock:
                state.set_faults(mode, at if mode else [], start if mode else 0, base=state.accepted)
                state.fail_first = state.fail_every = 0
            self.send(200, json.dumps({"accepted": state.accepted}).encode(), "application/json")
        else:
            self.not_found()

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path == "/_stats":
            self.send(200, json.dumps(self.server.state.stats()).encode(), "application/json")
        elif parts.path == ENDPOINT:
            self.get_call_logs(parse_qs(parts.query, keep_blank_values=True))
        else:
            self.not_found()

    def get_call_logs(self, query):
        state, args = self.server.state, self.server.state.args
        q = {k: v[0] for k, v in query.items()}
        fmt = "xml" if q.get("format", "").strip().lower() == "xml" else "json"
        key, user = q.get("api_key", ""), q.get("user_name", "")
        entry = {"from_date": q.get("from_date"), "to_date": q.get("to_date"), "format": fmt,
                 "campaign_name": q.get("campaign_name"), "user_name": user or None}
        fault = None
        with state.lock:
            state.requests += 1
            if entry["from_date"] is not None or entry["to_date"] is not None:
                window = f"{entry['from_date'] or ''}|{entry['to_date'] or ''}"
                state.by_window[window] = state.by_window.get(window, 0) + 1
            if not key:
                failure = "Please provide API Key"
            elif not user:
                failure = "Please provide UserName"
            elif ((args.api_key is not None and not hmac.compare_digest(key.encode(), args.api_key.encode()))
                  or (args.user_name is not None and user != args.user_name)):
                failure = "no record found"
                state.admit(user)  # counts (while under the limit); still "no record found"
            elif not state.admit(user):
                failure = "Max Limit Exceeded"
                state.rate_limited += 1
            else:
                failure = None
                state.accepted += 1
                n = state.accepted
                if state.fault_mode and (n <= state.fail_first or (state.fail_every and n % state.fail_every == 0)
                                         or n in state.fault_at or (state.fault_from and n >= state.fault_from)):
                    fault = state.fault_mode
                    state.faults += 1
            if fault == "limit":  # like the real limit: not counted, nothing served
                state.hits[user].pop()
                fault, failure = None, "Max Limit Exceeded"
                state.rate_limited += 1
            elif fault == "refuse":  # a failure text nobody documented, quoting the request
                fault, failure = None, f"Invalid request: api_key {key} is not allowed for {user}"
            if failure is None:
                failure, records = self.select(q)
                if records and args.echo_key:  # some accounts echo the key in every record, in every form
                    records = [dict(r, ApiKey=key, **key_forms(key, n)) for n, r in enumerate(records)]
            entry.update(status="fault" if fault else ("failure" if failure else "success"),
                         message=fault or failure or f"{len(records)} records")
            if not fault and not failure:
                state.served += 1
            state.log.append(entry)
        body, ctype = (render(False, failure, fmt) if failure
                       else render(True, shaped(records, args.message_shape), fmt))
        self.deliver(fault, body, ctype)

    def select(self, q):
        start, end = parse_time(q.get("from_date")), parse_time(q.get("to_date"))
        if start is None or end is None:
            return "Invalid Date Format", None
        if end - start >= timedelta(days=30):
            return "The Requested date should not be more than 30 days", None
        lo, hi = start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S")
        campaign = q.get("campaign_name", "")
        records = [r for r in self.server.state.records
                   if (k := start_key(r)) is not None and lo <= k <= hi
                   and (not campaign or r.get("CampaignName") == campaign)]
        return (None, records) if records else ("no record found", None)

    def deliver(self, fault, body, ctype):
        args = self.server.state.args
        if args.delay:
            SHUTDOWN.wait(args.delay)
        if fault == "slow":
            SHUTDOWN.wait(args.slow_seconds)
        if fault == "reset":  # RST, no byte of response
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.connection.close()
            self.close_connection = True
        elif fault == "html500":
            self.send(500, HTML_500 + self.echoed_request(), "text/html; charset=utf-8", close=True)
        elif fault == "html200":
            self.send(200, HTML_PROXY + self.echoed_request(), "text/html; charset=utf-8", close=True)
        elif fault == "truncate":
            self.send(200, body[: len(body) // 2], ctype, close=True)
        elif fault == "truncate-short":
            self.send(200, body[: len(body) // 2], ctype, close=True, length=len(body))
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self.send(200, body, ctype)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def server_bind(self):  # skip HTTPServer's reverse DNS lookup (slow on some CI)
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        if self.state.args.verbose:  # e.g. the client gave up on a slow answer
            sys.stderr.write(f"[fake-cloudagent] connection error: {sys.exc_info()[1]!r}\n")


def load_records(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict):  # a saved response {"status":..,"message":[..]}
        data = data.get("message")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError("--data must hold a JSON list of objects")
    return data


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, action="append",
                   help="JSON list of call records (repeatable: the lists are joined)")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--rate-limit", default="10/3600", help="N/SECONDS per user_name")
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--fail-every", type=int, default=0)
    p.add_argument("--fail-mode", choices=FAIL_MODES)
    p.add_argument("--fail-at", type=int, action="append", default=[],
                   help="the n-th eligible request fails (repeatable)")
    p.add_argument("--fail-from", type=int, default=0, help="every eligible request from the n-th on fails")
    p.add_argument("--slow-seconds", type=float, default=10.0)
    p.add_argument("--delay", type=float, default=0.0, help="seconds before every getCallLogs answer")
    p.add_argument("--message-shape", choices=("list", "object", "object-of-objects"), default="list",
                   help="how a success writes its records: a list, one object (a window of one record), "
                        "or an object of objects keyed 1, 2, ...")
    p.add_argument("--echo-key", action="store_true",
                   help="echo the received api_key: ApiKey in records, the request in HTML error pages")
    p.add_argument("--api-key", help="accepted key (default: any non-empty)")
    p.add_argument("--user-name", help="accepted user name (default: any non-empty)")
    p.add_argument("--state-file", help="keep rate-limit memory across restarts")
    p.add_argument("--max-lifetime", type=float, default=600.0)
    p.add_argument("--verbose", action="store_true", help="sanitized access log on stderr")
    args = p.parse_args(argv)
    count, sep, seconds = args.rate_limit.partition("/")
    if not (count.isdigit() and sep and seconds.replace(".", "", 1).isdigit() and float(seconds) > 0):
        p.error("--rate-limit must look like N/SECONDS")
    if (args.fail_first or args.fail_every or args.fail_at or args.fail_from) and not args.fail_mode:
        args.fail_mode = "html500"
    try:
        records = [record for path in args.data for record in load_records(path)]
    except (OSError, ValueError) as error:
        p.error(f"cannot read --data: {error}")

    server = Server(("127.0.0.1", args.port), Handler)
    server.state = State(args, records)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: SHUTDOWN.set())
    print(f"LISTENING {server.server_address[1]}", flush=True)
    if not SHUTDOWN.wait(args.max_lifetime):
        sys.stderr.write(f"[fake-cloudagent] --max-lifetime {args.max_lifetime:g}s reached, exiting\n")
    SHUTDOWN.set()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
