"""A local mail catcher (aiosmtpd): an SMTP server on this machine that keeps what it is sent,
for the demo (`joinedup mailcatcher`, files under var/mail/) and the tests (in memory). Never
for production: it sends nothing on."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Caught:
    """What the catcher was sent, in order; each also written to `directory` if given."""

    directory: Path | None = None
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  (aiosmtpd's name)
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / f"{len(self.messages):06d}.eml").write_bytes(raw)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def catcher_start(port: int = 0, directory: Path | None = None) -> tuple[Controller, Caught]:
    """Start catching on 127.0.0.1 (`port` 0: any free one; `controller.port` says which)."""
    caught = Caught(directory)
    controller = Controller(caught, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller, caught
