"""A small SMTP server for tests and the fault test: it keeps what it receives, raw.

Speaks just enough SMTP (RFC 5321) for Django's SMTP backend without TLS or AUTH: EHLO/HELO,
MAIL, RCPT, DATA, RSET, NOOP, QUIT. ``refuse`` makes RCPT answer with a code (e.g. 550 or 451)
for addresses that contain a given text; ``delay`` makes the server wait that long before it
takes a message (a client killed meanwhile has sent nothing). Start and stop it to play a mail
server outage.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes  # the message exactly as sent (CRLF line ends, dot-unstuffed)
    received_at: float = field(default_factory=time.time)


@dataclass
class SmtpSink:
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port
    messages: list[Received] = field(default_factory=list)
    refuse: dict[str, int] = field(default_factory=dict)  # address part -> reply code
    delay: float = 0.0  # seconds before the server takes a message (DATA answered with 354)

    def __post_init__(self):
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> SmtpSink:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                # OSError: the client went away (killed, or timed out).
                with contextlib.suppress(OSError):
                    sink._session(self.rfile, self.wfile)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _session(self, rfile, wfile) -> None:
        def reply(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 sink ready")
        sender, recipients = "", []
        while True:
            line = rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                reply("250-sink")
                reply("250 8BITMIME")
            elif verb == "HELO":
                reply("250 sink")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip().strip("<>"), []
                reply("250 ok")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                code = next((c for part, c in self.refuse.items() if part in address), 0)
                if code:
                    reply(f"{code} refused")
                else:
                    recipients.append(address)
                    reply("250 ok")
            elif verb == "DATA":
                if self.delay:
                    time.sleep(self.delay)  # slow to take the message: the send is in flight
                reply("354 go ahead")
                chunks = []
                while True:
                    data_line = rfile.readline()
                    if not data_line:
                        return  # the connection was lost before the end: nothing was taken
                    if data_line == b".\r\n":
                        break
                    chunks.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                with self._lock:
                    self.messages.append(Received(sender, recipients, b"".join(chunks)))
                reply("250 queued")
            elif verb in ("RSET", "NOOP"):
                reply("250 ok")
            elif verb == "QUIT":
                reply("221 bye")
                return
            else:
                reply("502 not implemented")
