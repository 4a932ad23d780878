"""A real SMTP server on loopback for the sending tests (aiosmtpd, in a thread), which records
every message it accepts and can refuse addresses for good (550) or for now (451)."""

import socket
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []  # (recipient, parsed message)
        self.refuse = {}  # address → "550 ..." for good
        self.refuse_once = {}  # address → "451 ..." the first time only

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if address in self.refuse:
                return self.refuse[address]
            if address in self.refuse_once:
                return self.refuse_once.pop(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, message))
        return "250 Message accepted for delivery"

    def recipients(self):
        with self.lock:
            return [recipient for recipient, _ in self.received]


class SMTPServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
