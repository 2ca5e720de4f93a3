"""A TCP listener on 127.0.0.1 that accepts every connection and never answers (a hung host)."""

from __future__ import annotations

import socket
import threading


class HungHost:
    """Accept connections and hold them open in silence until :meth:`close`."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port: int = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self._stop = False
        threading.Thread(target=self._accept, name="hung-host", daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def url(self, path: str) -> str:
        """An http URL on this host."""
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        """Stop accepting and drop every held connection."""
        self._stop = True
        self.sock.close()
        for conn in self.held:
            conn.close()
