#!/usr/bin/env python3
"""X11 helpers for tests/functional/ui-sdl.sh, standard library only.

  x11-tool.py xwd2ppm IN.xwd OUT.ppm   a window dump (xwd) as a PPM, which tesseract reads
  x11-tool.py close WINDOW-ID          ask the window to close, as a window manager's close
                                       button does (ICCCM 4.2.8.1: a WM_PROTOCOLS client
                                       message carrying WM_DELETE_WINDOW), through libX11
"""
import ctypes
import ctypes.util
import struct
import sys


def xwd2ppm(src, dst):
    data = open(src, "rb").read()
    # XWDFileHeader (X11/XWDFile.h): 25 big-endian CARD32s, then the window name,
    # then ncolors XWDColor records of 12 bytes, then the pixels.
    h = struct.unpack(">25I", data[:100])
    header_size, version, fmt, depth, width, height = h[0:6]
    byte_order, bpp, bytes_per_line = h[7], h[11], h[12]
    red_mask, green_mask, blue_mask, ncolors = h[14], h[15], h[16], h[19]
    if version != 7 or fmt != 2 or bpp not in (24, 32):
        sys.exit("xwd2ppm: only ZPixmap dumps of 24/32 bits per pixel (version %d format %d bpp %d)"
                 % (version, fmt, bpp))
    off = header_size + 12 * ncolors
    step = bpp // 8
    order = "little" if byte_order == 0 else "big"

    def shift(mask):
        s = 0
        while mask and not mask & 1:
            mask >>= 1
            s += 1
        return s

    rs, gs, bs = shift(red_mask), shift(green_mask), shift(blue_mask)
    out = bytearray()
    for y in range(height):
        row = data[off + y * bytes_per_line: off + y * bytes_per_line + width * step]
        for x in range(0, width * step, step):
            v = int.from_bytes(row[x:x + step], order)
            out += bytes(((v & red_mask) >> rs, (v & green_mask) >> gs, (v & blue_mask) >> bs))
    with open(dst, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height))
        f.write(out)


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def close(wid):
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                               ctypes.POINTER(XEvent)]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        sys.exit("close: cannot open the X display")
    ev = XEvent()
    ev.xclient.type = 33                    # ClientMessage
    ev.xclient.window = wid
    ev.xclient.message_type = x11.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
    ev.xclient.format = 32
    ev.xclient.data[0] = x11.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
    ev.xclient.data[1] = 0                  # CurrentTime
    if not x11.XSendEvent(dpy, wid, 0, 0, ctypes.byref(ev)):
        sys.exit("close: XSendEvent failed")
    x11.XFlush(dpy)
    x11.XCloseDisplay(dpy)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "xwd2ppm":
        xwd2ppm(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "close":
        close(int(sys.argv[2], 0))
    else:
        sys.exit(__doc__)
