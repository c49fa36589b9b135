#!/usr/bin/env python3
"""A small RFB (VNC) client for tests/functional/pc-vga.sh: the protocol
cases a real viewer does not exercise (RFC 6143 plus the QEMU extended key
event and DesktopSize pseudo-encodings), and hostile ones.

  rfb-client.py HOST PORT hostile      garbage, truncated messages, a huge cut
                                       text, an update request far outside the
                                       screen; then a clean client must still
                                       get a full update. Prints OK W H.
  rfb-client.py HOST PORT resize SECS  stay connected with DesktopSize and print
                                       RESIZED W H when the server resizes.
  rfb-client.py HOST PORT extkey TEXT  type TEXT (lower case, digits, Enter at
                                       the end) with QEMU extended key events
                                       after the server acknowledged -258.
  rfb-client.py HOST PORT badpass N    N logins with wrong VNC responses; then
                                       one more must still get a challenge.
"""
import os
import socket
import struct
import sys
import time

ENC_RAW, ENC_DESKTOP_SIZE, ENC_QEMU_KEY = 0, -223, -258


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf


def connect(host, port, timeout=10):
    s = socket.create_connection((host, port), timeout=timeout)
    s.settimeout(timeout)
    return s


def handshake(s, shared=1):
    """Version 3.8, security None; returns (width, height)."""
    ver = recv_exact(s, 12)
    if not ver.startswith(b"RFB "):
        raise ValueError("bad version %r" % ver)
    s.sendall(b"RFB 003.008\n")
    n = recv_exact(s, 1)[0]
    types = recv_exact(s, n)
    if 1 not in types:
        raise ValueError("no security type None: %r" % types)
    s.sendall(b"\x01")
    if struct.unpack(">I", recv_exact(s, 4))[0] != 0:
        raise ValueError("security failed")
    s.sendall(bytes([shared]))
    w, h = struct.unpack(">HH", recv_exact(s, 4))
    pf = recv_exact(s, 16)
    namelen = struct.unpack(">I", recv_exact(s, 4))[0]
    recv_exact(s, namelen)
    return w, h, pf[0] // 8


def set_encodings(s, encs):
    s.sendall(struct.pack(">BxH", 2, len(encs)) + b"".join(struct.pack(">i", e) for e in encs))


def update_request(s, incremental, x, y, w, h):
    s.sendall(struct.pack(">BBHHHH", 3, incremental, x, y, w, h))


def read_message(s, bpp):
    """One server message: ('update', [(x, y, w, h, enc)]) or (type, None)."""
    t = recv_exact(s, 1)[0]
    if t == 0:
        n = struct.unpack(">xH", recv_exact(s, 3))[0]
        rects = []
        for _ in range(n):
            x, y, w, h, enc = struct.unpack(">HHHHi", recv_exact(s, 12))
            if enc == ENC_RAW:
                recv_exact(s, w * h * bpp)
            elif enc not in (ENC_DESKTOP_SIZE, ENC_QEMU_KEY):
                raise ValueError("unexpected encoding %d" % enc)
            rects.append((x, y, w, h, enc))
        return "update", rects
    if t == 1:
        first, n = struct.unpack(">xHH", recv_exact(s, 5))
        recv_exact(s, 6 * n)
    elif t == 2:
        pass
    elif t == 3:
        n = struct.unpack(">xxxI", recv_exact(s, 7))[0]
        recv_exact(s, n)
    else:
        raise ValueError("unknown server message %d" % t)
    return t, None


def hostile(host, port):
    # Garbage before and instead of the handshake.
    s = connect(host, port)
    s.sendall(os.urandom(4096))
    s.close()
    s = connect(host, port)
    recv_exact(s, 12)
    s.sendall(b"RFB 003.008\n" + os.urandom(64))
    s.close()
    # Truncated messages after a good handshake.
    for msg in (b"\x03\x00\x00", b"\x02\x00\x00\x10\x00\x00", b"\x00\x00", b"\x05\x01", b"\xff\x00\x00"):
        s = connect(host, port)
        w, h, bpp = handshake(s)
        s.sendall(msg)
        time.sleep(0.1)
        s.close()
    # A cut text claiming 2 GiB, with a little of it, then gone.
    s = connect(host, port)
    handshake(s)
    s.sendall(struct.pack(">BxxxI", 6, 0x7FFFFFFF) + b"x" * 4096)
    time.sleep(0.2)
    s.close()
    # Unknown message types, and QEMU's message with an unknown subtype.
    for msg in (b"\xc8" + os.urandom(32), b"\xff\x07" + os.urandom(10)):
        s = connect(host, port)
        handshake(s)
        s.sendall(msg)
        time.sleep(0.1)
        s.close()
    # An update request far outside the screen: answered or ignored, never a crash.
    s = connect(host, port)
    w, h, bpp = handshake(s)
    set_encodings(s, [ENC_RAW])
    update_request(s, 0, 60000, 60000, 65535, 65535)
    update_request(s, 0, w - 1, h - 1, 65535, 65535)
    s.settimeout(2)
    try:
        while True:
            read_message(s, bpp)
    except (socket.timeout, EOFError, ConnectionError):
        pass
    s.close()
    # A clean client after all that gets the whole screen.
    s = connect(host, port)
    w, h, bpp = handshake(s)
    set_encodings(s, [ENC_RAW])
    update_request(s, 0, 0, 0, w, h)
    area = 0
    while area < w * h:
        kind, rects = read_message(s, bpp)
        if kind == "update":
            area += sum(r[2] * r[3] for r in rects if r[4] == ENC_RAW)
    s.close()
    print("OK %d %d" % (w, h))


def resize(host, port, secs):
    s = connect(host, port)
    w, h, bpp = handshake(s)
    print("START %d %d" % (w, h), flush=True)
    set_encodings(s, [ENC_RAW, ENC_DESKTOP_SIZE])
    update_request(s, 0, 0, 0, w, h)
    deadline = time.time() + secs
    while time.time() < deadline:
        kind, rects = read_message(s, bpp)
        if kind != "update":
            continue
        for x, y, rw, rh, enc in rects:
            if enc == ENC_DESKTOP_SIZE:
                w, h = rw, rh
                print("RESIZED %d %d" % (w, h), flush=True)
                return
        update_request(s, 1, 0, 0, w, h)
    print("NO-RESIZE", flush=True)


# XT (set 1) codes of the keys extkey types.
XT = {c: i for i, c in enumerate("1234567890", 0x02)}
XT.update({c: i for i, c in enumerate("qwertyuiop", 0x10)})
XT.update({c: i for i, c in enumerate("asdfghjkl", 0x1e)})
XT.update({c: i for i, c in enumerate("zxcvbnm", 0x2c)})
XT["0"] = 0x0b


def extkey(host, port, text):
    s = connect(host, port)
    w, h, bpp = handshake(s)
    set_encodings(s, [ENC_RAW, ENC_QEMU_KEY])
    acked = False
    s.settimeout(5)
    while not acked:
        kind, rects = read_message(s, bpp)
        acked = kind == "update" and any(r[4] == ENC_QEMU_KEY for r in rects)
    for c in text + "\n":
        code, sym = (0x1c, 0xff0d) if c == "\n" else (XT[c], ord(c))
        for down in (1, 0):
            s.sendall(struct.pack(">BBHII", 255, 0, down, sym, code))
            time.sleep(0.02)
    time.sleep(0.5)
    s.close()
    print("TYPED")


def badpass(host, port, n):
    failed = 0
    for _ in range(n):
        s = connect(host, port)
        recv_exact(s, 12)
        s.sendall(b"RFB 003.008\n")
        k = recv_exact(s, 1)[0]
        types = recv_exact(s, k)
        if 2 not in types:
            raise ValueError("no VNC authentication offered: %r" % types)
        s.sendall(b"\x02")
        recv_exact(s, 16)
        s.sendall(os.urandom(16))
        if struct.unpack(">I", recv_exact(s, 4))[0] != 0:
            failed += 1
        s.close()
    s = connect(host, port)
    recv_exact(s, 12)
    s.sendall(b"RFB 003.008\n")
    k = recv_exact(s, 1)[0]
    types = recv_exact(s, k)
    s.sendall(b"\x02")
    challenge = recv_exact(s, 16)
    s.close()
    print("REFUSED %d OF %d, CHALLENGE %d" % (failed, n, len(challenge)))


def main():
    host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == "hostile":
        hostile(host, port)
    elif mode == "resize":
        resize(host, port, float(sys.argv[4]))
    elif mode == "extkey":
        extkey(host, port, sys.argv[4])
    elif mode == "badpass":
        badpass(host, port, int(sys.argv[4]))


if __name__ == "__main__":
    main()
