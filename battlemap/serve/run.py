"""`battlemap serve`: one resident process that serves the accounts under PATH from memory
until Ctrl-C.

The listening socket is bound here, before anything else runs, so that a port in use is a
clear usage error (exit 2) and ``--port 0`` knows its port before it prints the address.
Ctrl-C (or SIGTERM) stops uvicorn; open event streams notice within ``EVENT_POLL_S`` and
end, so the process exits within a second.
"""

from __future__ import annotations

import errno
import signal
import socket
import sys
import threading
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import uvicorn

from battlemap.config import settings_for_path
from battlemap.diagnostics import printable
from battlemap.discovery import display_path
from battlemap.language import Words, os_reason, terminal_lang
from battlemap.options import BuildOptions
from battlemap.serve.app import Site, bracketed, make_app
from battlemap.serve.workspace import Workspace

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
GRACE_S = 1
"""The longest uvicorn waits for open requests when stopping (a PDF being made)."""

SERVING = Words("serving {url} (Ctrl-C to stop)", "正在预览：{url}（按 Ctrl-C 停止）")
EXPOSED = Words(
    "warning: serving on {host}: anyone who can reach this address can read these accounts, "
    "personal assessments of named people included; use --host 127.0.0.1 unless you mean it",
    "警告：在 {host} 上提供服务：任何能访问这个地址的人都能看到这些客户档案，"
    "包括对具体人物的个人评估；除非确有需要，请使用 --host 127.0.0.1",
)
PORT_IN_USE = Words(
    "port {port} on {host} is in use (another battlemap serve?): stop it, or choose another "
    "port with --port (--port 0 takes a free one)",
    "{host} 的端口 {port} 已被占用（另一个 battlemap serve？）：先停止它，"
    "或用 --port 换一个端口（--port 0 自动选择空闲端口）",
)
CANNOT_LISTEN = Words(
    "cannot listen on {host}:{port}: {why.en}", "无法在 {host}:{port} 上监听：{why.zh}"
)
NO_PATH = Words("{path}: no such file or folder", "{path}：没有这个文件或文件夹")


class ServeError(Exception):
    """Why the server cannot start: a usage error (exit 2)."""


@dataclass(frozen=True)
class ServeOptions:
    path: Path = Path(".")
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False
    build: BuildOptions = field(default_factory=BuildOptions)


def listen(host: str, port: int, lang: str) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port); `ServeError` if it cannot."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as err:
        why = os_reason(err)
        raise ServeError(CANNOT_LISTEN.format(host=host, port=port, why=why).in_(lang)) from err
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise ServeError(PORT_IN_USE.format(host=host, port=port).in_(lang)) from err
        why = os_reason(err)
        raise ServeError(CANNOT_LISTEN.format(host=host, port=port, why=why).in_(lang)) from err
    return sock


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def serve(options: ServeOptions) -> None:
    """Serve until stopped; `ServeError` when the server cannot start."""
    chosen = options.build.lang
    if not options.path.exists():
        path = printable(display_path(options.path))
        raise ServeError(NO_PATH.format(path=path).in_(terminal_lang(chosen)))
    settings = settings_for_path(options.path, options.build.playbook_file, options.build.max_bytes)
    lang = terminal_lang(chosen, None, settings.defaults.declared_lang)
    if options.host not in LOCAL_HOSTS:
        say(printable(EXPOSED.format(host=options.host).in_(lang)))
    sock = listen(options.host, options.port, lang)
    workspace = Workspace([options.path], options.build)
    try:
        workspace.load()
    except KeyboardInterrupt:  # Ctrl-C while the accounts are first compiled
        sock.close()
        return
    for served in workspace.broken():
        for line in served.problems:
            say(line)
    port = sock.getsockname()[1]
    url = f"http://{bracketed(options.host)}:{port}/"
    site = Site(workspace, lambda: server.should_exit, lambda line: say(printable(line)), lang)
    config = uvicorn.Config(
        make_app(site, options.host),
        log_level="warning",
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=GRACE_S,
    )
    server = uvicorn.Server(config)
    stop_on_signal(server)
    print(printable(SERVING.format(url=url).in_(lang)), flush=True)
    if options.open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    server.run(sockets=[sock])


def stop_on_signal(server: uvicorn.Server) -> None:
    """Ctrl-C (SIGINT) or SIGTERM stop the server, whenever they come: uvicorn installs its
    own handlers only once it runs (and then gives the signal to these), so one that comes
    just before would otherwise be a KeyboardInterrupt anywhere in the start."""

    def stop(signum: int, frame: FrameType | None) -> None:
        server.should_exit = True

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
