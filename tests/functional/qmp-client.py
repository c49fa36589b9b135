#!/usr/bin/python3
"""A plain QMP client for the tests (Debian's python3, standard library only).

  qmp-client.py SOCKET session FILE   run the requests of FILE (one JSON text
                                      a line) and print one normalised line per
                                      message: the shape of every reply
                                      (keys, value types, error class), never
                                      values that differ between emulators
  qmp-client.py SOCKET hostile        send the bad inputs of the issue and
                                      check the monitor still answers
  qmp-client.py SOCKET run [--linger SECS] JSON...
                                      negotiate, send each request, print each
                                      reply as one JSON line, then print the
                                      events that come (one JSON line each)
                                      until the emulator closes the socket or
                                      SECS (default 0) pass
Exit 0 when the conversation went through, 1 otherwise (with why on stderr).
"""
import json
import os
import socket
import sys
import time


def connect(path, timeout=20.0):
    end = time.time() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            s.settimeout(10)
            return s
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.1)


class Conn:
    def __init__(self, path):
        self.s = connect(path)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data if isinstance(data, bytes) else data.encode())

    def recv_msg(self):
        """The next message (a dict); QMP ends each with CRLF."""
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def reply(self):
        """The next reply, skipping events (returned separately)."""
        events = []
        while True:
            m = self.recv_msg()
            if "event" in m:
                events.append(m)
                continue
            return m, events


def merged(items):
    """A list's items as one: the union of their keys (items differ, as
    query-machines' do, in optional members)."""
    if items and all(isinstance(i, dict) for i in items):
        out = {}
        for i in items:
            for k, v in i.items():
                out.setdefault(k, v)
        return out
    return items[0] if items else None


def shape(v):
    """Keys and types, recursively; a list of objects by the union of its
    items, any other list as [] (its length is the emulator's business)."""
    if isinstance(v, dict):
        return "{" + ",".join(f"{k}:{shape(v[k])}" for k in sorted(v)) + "}"
    if isinstance(v, list):
        return "[" + (shape(merged(v)) if v and isinstance(v[0], dict) else "") + "]"
    return type(v).__name__


def describe(m):
    if "error" in m:
        return f"error {m['error'].get('class')}" + (" id" if "id" in m else "")
    if "return" in m:
        return f"return {shape(m['return'])}" + (" id" if "id" in m else "")
    if "QMP" in m:
        return f"greeting {shape(m['QMP'])}"
    return f"? {shape(m)}"


def session(path, fname):
    """Replies in order; events, which come when they come, listed after
    them (with those that arrive until the emulator closes the socket)."""
    c = Conn(path)
    events = []
    print(describe(c.recv_msg()))
    for line in open(fname):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        line = line.replace("$CD2", os.environ.get("CD2", ""))
        c.send(line + "\n")
        m, ev = c.reply()
        events += ev
        print(f"{line[:60]} -> {describe(m)}")
    try:
        while True:
            m = c.recv_msg()
            if "event" in m:
                events.append(m)
    except (EOFError, OSError):
        pass
    for e in events:
        data = e.get("data", {})
        print(f"event {e['event']} {shape(data)} {data.get('reason', '')}")
    return 0


def check(cond, what):
    if not cond:
        print(f"hostile: {what}", file=sys.stderr)
        sys.exit(1)


def alive(path):
    """A fresh client negotiates and gets query-status."""
    c = Conn(path)
    c.recv_msg()
    c.send('{"execute":"qmp_capabilities"}\n')
    check("return" in c.reply()[0], "no return for qmp_capabilities")
    c.send('{"execute":"query-status","id":7}\n')
    m = c.reply()[0]
    check(m.get("id") == 7 and "status" in m.get("return", {}), f"bad query-status reply {m}")
    c.s.close()


def hostile(path):
    c = Conn(path)
    c.recv_msg()
    # Before negotiation.
    c.send('{"execute":"query-status"}\n')
    check(c.reply()[0]["error"]["class"] == "CommandNotFound", "command before negotiation")
    c.send('{"execute":"qmp_capabilities"}\n')
    c.reply()
    # Malformed JSON that closes, wrong types, unknown commands.
    for bad, cls in [('{"execute": "stop", }', "GenericError"),
                     ('{"execute": "human-monitor-command", "arguments": {"command-line": [1]}}', "GenericError"),
                     ('{"execute": "no-such-command"}', "CommandNotFound"),
                     ('"just a string"', "GenericError"),
                     (']', "GenericError")]:
        c.send(bad + "\n")
        m = c.reply()[0]
        check(m.get("error", {}).get("class") == cls, f"{bad!r}: {m}")
    # JSON nested 100,000 deep: one error, then the session goes on.
    c.send("[" * 100000 + "]" * 100000 + "\n")
    m = c.reply()[0]
    check("error" in m, f"deep nesting: {m}")
    c.send('{"execute":"query-status","id":"after-deep"}\n')
    while True:
        m = c.reply()[0]
        if m.get("id") == "after-deep":
            break
        check("error" in m, f"deep nesting: unexpected {m}")
    # A 16 MiB line: an error reply (or a clean close), not a crash.
    try:
        c.send(b'{"execute": "' + b"x" * (16 << 20) + b'"}\n')
        m = c.reply()[0]
        check(m.get("error", {}).get("class") == "CommandNotFound", f"16 MiB command: {m}")
    except (EOFError, OSError):
        pass
    c.s.close()
    alive(path)
    # Binary garbage, then vanish mid-command.
    c = Conn(path)
    c.recv_msg()
    c.send(bytes(range(256)) * 64 + b'{"execute": "query-st')
    c.s.close()
    alive(path)
    # 50 clients at once: each is served in turn (one session at a time, as
    # QEMU's socket chardev), none crashes the monitor.
    socks = []
    for _ in range(50):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(2)
        try:
            s.connect(path)
            s.sendall(b'{"execute":"qmp_capabilities"}\n')
        except OSError:
            pass            # refused or queued past the backlog: fine
        socks.append(s)
    for s in socks:
        s.close()
    alive(path)
    return 0


def run(path, args):
    linger = 0.0
    if args[:1] == ["--linger"]:
        linger, args = float(args[1]), args[2:]
    c = Conn(path)
    c.recv_msg()
    c.send('{"execute":"qmp_capabilities"}\n')
    c.reply()
    events = []
    for req in args:
        c.send(req + "\n")
        m, ev = c.reply()
        events += ev
        print(json.dumps(m), flush=True)
    for e in events:
        print(json.dumps(e), flush=True)
    deadline = time.time() + linger
    while time.time() < deadline:
        c.s.settimeout(max(0.1, deadline - time.time()))
        try:
            m = c.recv_msg()
        except socket.timeout:
            break
        except (EOFError, OSError):
            break
        print(json.dumps(m), flush=True)
    return 0


def main():
    path, mode = sys.argv[1], sys.argv[2]
    try:
        if mode == "session":
            return session(path, sys.argv[3])
        if mode == "run":
            return run(path, sys.argv[3:])
        return hostile(path)
    except (OSError, EOFError, ValueError, KeyError) as e:
        print(f"qmp-client: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
