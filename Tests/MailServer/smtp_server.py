#!/usr/bin/python3
"""A real SMTP server on loopback for callreport's delivery tests (Debian python3-aiosmtpd).

Prints "LISTENING <port>" once ready, then serves until killed (or --max-lifetime).
Each message taken is written to --store as <n>.eml with <n>.json (envelope and login).

  --tls-cert/--tls-key   offer STARTTLS and require it before MAIL (or, with --implicit-tls, TLS from the start)
  --auth USER:PASSWORD   require AUTH (PLAIN/LOGIN) with these credentials
  --xoauth2 USER:TOKEN   also accept AUTH XOAUTH2 with this bearer token
  --reject ADDRESS       answer 550 5.1.1 to RCPT TO this address (repeatable)
  --busy N               answer 421 to the first N MAIL commands (transient)
"""
import argparse
import asyncio
import base64
import email
import email.policy
import json
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, options):
        self.options = options
        self.count = 0
        self.busy = options.busy

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.busy > 0:
            self.busy -= 1
            return "421 4.3.2 Service busy, try again later"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in [a.lower() for a in self.options.reject]:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = os.path.join(self.options.store, f"{self.count:03d}")
        with open(stem + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        login = session.login_data.decode() if isinstance(session.login_data, bytes) else session.login_data
        # Python's own MIME parser reads the message back, independently of callreport's tests.
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        parts = [{"type": part.get_content_type(), "filename": part.get_filename(),
                  "bytes": len(part.get_payload(decode=True) or b"")}
                 for part in message.walk() if not part.is_multipart()]
        defects = [str(d) for part in message.walk() for d in part.defects]
        with open(stem + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login,
                       "tls": session.ssl is not None,
                       "headers": {k: str(message[k]) for k in ("From", "To", "Subject", "Date", "Message-ID")},
                       "parts": parts, "defects": defects}, f)
        return f"250 2.0.0 Ok: queued as CR{self.count:05d}"

    async def auth_XOAUTH2(self, server, args):
        if not self.options.xoauth2:
            return AuthResult(success=False, handled=False)
        user, token = self.options.xoauth2.split(":", 1)
        if len(args) < 2:
            response = await server.challenge_auth("")
            if not isinstance(response, bytes):
                return AuthResult(success=False, handled=False)
            text = response.decode(errors="replace")
        else:
            try:
                text = base64.b64decode(args[1]).decode()
            except Exception:
                return AuthResult(success=False, handled=False)
        expected = f"user={user}\x01auth=Bearer {token}\x01\x01"
        if text == expected:
            return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        return AuthResult(success=False, handled=False, message="535 5.7.8 Username and Password not accepted (XOAUTH2)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--store", required=True)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--auth")
    p.add_argument("--xoauth2")
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--busy", type=int, default=0)
    p.add_argument("--max-lifetime", type=float, default=600.0)
    options = p.parse_args()
    os.makedirs(options.store, exist_ok=True)

    context = None
    if options.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.tls_cert, options.tls_key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not options.auth or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = options.auth.split(":", 1)
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    port = options.port
    if port == 0:
        import socket
        with socket.socket() as s:
            s.bind((options.host, 0))
            port = s.getsockname()[1]

    kwargs = dict(hostname=options.host, port=port, server_hostname="mail.test.example",
                  authenticator=authenticator, auth_required=bool(options.auth or options.xoauth2),
                  # With TLS from the start aiosmtpd does not count the line as STARTTLS'd: it is TLS anyway.
                  auth_require_tls=bool(options.tls_cert) and not options.implicit_tls)
    if options.implicit_tls:
        kwargs["ssl_context"] = context
    elif context is not None:
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    controller = Controller(Handler(options), **kwargs)
    controller.start()
    print(f"LISTENING {port}", flush=True)
    deadline = time.time() + options.max_lifetime
    try:
        while time.time() < deadline:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
