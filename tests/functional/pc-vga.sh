# The std VGA, screendump, sendkey and the VNC server, looked at as a person
# would (Vireo issue 10): Debian's kernel with console=tty0 (and ttyS0 for
# control) writes a known line on the VGA console; OCR (tesseract) reads it
# from a PNG screendump and from what a real VNC client (vncsnapshot)
# received; keys sent with sendkey and with QEMU's extended key event reach
# the guest; bochs-drm switches to 1024x768 and the screendump and a
# connected VNC client follow; hostile VNC clients and wrong passwords
# leave Vireo running and serving.
#   sh tests/functional/pc-vga.sh BUILD        (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine pc-vga
for tool in tesseract vncsnapshot python3; do
    if ! command -v $tool >/dev/null 2>&1; then
        fail pc-vga "no $tool (scripts/install-deps.sh installs it)"
        finish
    fi
done
pc_assets pc-vga

# A display number per run, so parallel runs do not collide.
N=$((40 + $$ % 50))
PORT=$((5900 + N))
RFB="python3 tests/functional/rfb-client.py 127.0.0.1"

# ocr IMAGE: the text tesseract reads, on one line per text line.
ocr() { tesseract "$1" - 2>/dev/null; }

# shot NAME: a PNG screendump through the monitor; waits for the file.
shot() {
    rm -f "$TMP/$1.png"
    pc_mon "screendump $TMP/$1.png -f png"
    for _ in $(seq 50); do [ -s "$TMP/$1.png" ] && sleep 0.3 && return 0; sleep 0.2; done
    return 1
}

# png_size FILE: "W H" from the IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'; }

# video=1024x768: QEMU's std VGA offers an EDID whose preferred mode is 1280x800, Vireo's
# none (bochs-drm then prefers 1024x768); the command line makes both the same.
pc_start vga -M pc -m 512 -kernel "$KERNEL" -initrd "$INITRD" -append "console=tty0 console=ttyS0 video=1024x768" \
    -nographic -vnc "127.0.0.1:$N"
if pc_wait "$MARKER" 180 && pc_wait 'vireo# ' 30; then pass pc-vga-boot
else
    fail pc-vga-boot "no '$MARKER' line and shell prompt in 180 s" "$(pc_show 25)"
    pc_quit; finish
fi

# --- Text mode: screendump and a VNC client, read by OCR ------------------------------
# Leading spaces keep the words off the image's edge, where OCR drops letters.
pc_send 'echo "   VIREO TEXT SCREEN 4711" > /dev/tty0'
sleep 1
if shot text && ocr "$TMP/text.png" | grep -q 'TEXT SCREEN 4711'; then pass pc-vga-screendump-ocr
else fail pc-vga-screendump-ocr "OCR of the PNG screendump has no 'TEXT SCREEN 4711'" \
    "$(ocr "$TMP/text.png" 2>/dev/null | tail -n 3)" "$(pc_show 5)"; fi
if [ -s "$TMP/text.png" ] && [ "$(png_size "$TMP/text.png")" = "720 400" ]; then pass pc-vga-text-720x400
else fail pc-vga-text-720x400 "text mode 3 screendump is $(png_size "$TMP/text.png" 2>/dev/null), wanted 720 400"; fi

timeout 30 vncsnapshot -quality 100 -allowblank "127.0.0.1:$N" "$TMP/vnc.jpg" > "$TMP/vnc.log" 2>&1
if [ -s "$TMP/vnc.jpg" ] && ocr "$TMP/vnc.jpg" | grep -q 'TEXT SCREEN 4711'; then pass pc-vga-vnc-ocr
else fail pc-vga-vnc-ocr "vncsnapshot of 127.0.0.1:$N: no 'TEXT SCREEN 4711' by OCR" "$(tail -n 3 "$TMP/vnc.log")"; fi

# --- Keys: sendkey, then the extended key event, into the VGA console's tty -----------
# A reader on tty1 (the foreground VT) takes one line; the shell on ttyS0 reports it.
pc_send 'head -n 1 /dev/tty1 > /tmp/k1 &'
sleep 1
# Spaces first, so the echo is away from the screen's edge for OCR; shift-k is a capital.
for k in spc spc spc v i r e o shift-k e y s ret; do pc_mon "sendkey $k"; sleep 0.3; done
if pc_ask SENDKEY "sleep 1; tr -d ' ' < /tmp/k1" && [ "$answer" = vireoKeys ]; then pass pc-vga-sendkey
else fail pc-vga-sendkey "sendkey spc... v i r e o shift-k e y s ret: the guest read '$answer', wanted vireoKeys" \
    "$(pc_show)"; fi
if shot keys && ocr "$TMP/keys.png" | grep -q 'vireoKeys'; then pass pc-vga-sendkey-echo-ocr
else fail pc-vga-sendkey-echo-ocr "the typed keys are not echoed on screen (OCR)" "$(ocr "$TMP/keys.png" | tail -n 3)"; fi

pc_send 'head -n 1 /dev/tty1 > /tmp/k2 &'
sleep 1
out=$(timeout 30 $RFB "$PORT" extkey qemu7 2>&1)
if pc_ask EXTKEY 'sleep 1; cat /tmp/k2' && [ "$answer" = qemu7 ]; then pass pc-vga-vnc-extended-key
else fail pc-vga-vnc-extended-key "QEMU extended key events 'qemu7': the guest read '$answer'" "$out"; fi

# --- Hostile VNC clients ---------------------------------------------------------------
out=$(timeout 60 $RFB "$PORT" hostile 2>&1)
if pc_alive && printf '%s\n' "$out" | grep -q '^OK 720 400$'; then pass pc-vga-vnc-hostile
else fail pc-vga-vnc-hostile "after garbage, truncated messages, a 2 GiB cut text and an update far off screen" \
    "$out" "$(pc_show 5)"; fi
timeout 30 vncsnapshot -quality 100 -allowblank "127.0.0.1:$N" "$TMP/vnc2.jpg" > "$TMP/vnc2.log" 2>&1
if [ -s "$TMP/vnc2.jpg" ] && ocr "$TMP/vnc2.jpg" | grep -q 'TEXT SCREEN 4711'; then pass pc-vga-vnc-after-hostile
else fail pc-vga-vnc-after-hostile "a real client after the hostile ones sees nothing" "$(tail -n 3 "$TMP/vnc2.log")"; fi

# --- Graphics: bochs-drm at 1024x768; a connected client follows the resize ------------
$RFB "$PORT" resize 120 > "$TMP/resize.log" 2>&1 &
rfb_pid=$!
sleep 1
if pc_ask BOCHS 'loadmod bochs >/dev/null 2>&1; sleep 2; cat /sys/class/graphics/fb0/virtual_size' 120 &&
   [ "$answer" = 1024,768 ]; then pass pc-vga-bochs-drm
else fail pc-vga-bochs-drm "loadmod bochs: fb0 is '$answer', wanted 1024,768" "$(pc_show)"; fi
pc_send 'echo "   VIREO GRAPHICS SCREEN 4712" > /dev/tty0'
sleep 2
if shot gfx && [ "$(png_size "$TMP/gfx.png")" = "1024 768" ] && ocr "$TMP/gfx.png" | grep -q 'GRAPHICS SCREEN 4712'; then
    pass pc-vga-bochs-screendump-ocr
else fail pc-vga-bochs-screendump-ocr "1024x768 screendump: size $(png_size "$TMP/gfx.png" 2>/dev/null), OCR:" \
    "$(ocr "$TMP/gfx.png" 2>/dev/null | tail -n 3)"; fi
for _ in $(seq 50); do grep -q 'RESIZED\|NO-RESIZE\|Error' "$TMP/resize.log" && break; sleep 0.2; done
kill "$rfb_pid" 2>/dev/null; wait "$rfb_pid" 2>/dev/null
if grep -q '^RESIZED 1024 768$' "$TMP/resize.log"; then pass pc-vga-vnc-resize
else fail pc-vga-vnc-resize "a client with DesktopSize was not told of 1024x768" "$(cat "$TMP/resize.log")"; fi
timeout 30 vncsnapshot -quality 100 -allowblank "127.0.0.1:$N" "$TMP/vnc3.jpg" > "$TMP/vnc3.log" 2>&1
if grep -q '1024x768 screen' "$TMP/vnc3.log" && ocr "$TMP/vnc3.jpg" | grep -q 'GRAPHICS SCREEN 4712'; then
    pass pc-vga-vnc-graphics-ocr
else fail pc-vga-vnc-graphics-ocr "vncsnapshot at 1024x768: no 'GRAPHICS SCREEN 4712'" "$(tail -n 2 "$TMP/vnc3.log")"; fi

pc_send 'poweroff -f'
if pc_end 60 && pc_no_crash pc-vga-exit; then pass pc-vga-exit
else [ "$pc_rc" = timeout ] && fail pc-vga-exit "poweroff -f: no exit in 60 s" "$(pc_show)"; fi

# --- Wrong passwords in a loop ------------------------------------------------------------
# No guest needed: SeaBIOS alone. password=on with a password set by the monitor.
N2=$((N + 1))
pc_start vncpass -M pc -m 128 -net none -nographic -vnc "127.0.0.1:$N2,password=on"
sleep 2
pc_mon 'change vnc password secret7'
sleep 1
out=$(timeout 60 $RFB $((5900 + N2)) badpass 25 2>&1)
if pc_alive && [ "$out" = "REFUSED 25 OF 25, CHALLENGE 16" ]; then pass pc-vga-vnc-wrong-passwords
else fail pc-vga-vnc-wrong-passwords "25 wrong VNC passwords: '$out' (wanted all refused, then a challenge)"; fi
pc_quit
pc_no_crash pc-vga-vnc-wrong-passwords-exit && pass pc-vga-vnc-wrong-passwords-exit
finish
