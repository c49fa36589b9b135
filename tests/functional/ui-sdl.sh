# The SDL window looked at as a person would (Vireo issue 10, part 4), on a
# private Xvfb: Debian's kernel with console=tty0 (and ttyS0 for control)
# writes a known line on the VGA console, and OCR (tesseract) reads it from a
# screenshot of the window; keys typed into the window with xdotool reach a
# shell on tty1, which runs them and prints the result on screen; the title
# is "Vireo (NAME)" and tells the grab; closing the window as a window
# manager does (WM_DELETE_WINDOW) powers the guest down through ACPI.
#   sh tests/functional/ui-sdl.sh BUILD        (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine ui-sdl
for tool in Xvfb xdotool xwd tesseract python3; do
    if ! command -v $tool >/dev/null 2>&1; then
        fail ui-sdl "no $tool (scripts/install-deps.sh installs it)"
        finish
    fi
done
if ! "$V" -display help 2>/dev/null | grep -qx sdl; then
    fail ui-sdl "$V was built without SDL2 (-display help lists no sdl; install libsdl2-dev and configure again)"
    finish
fi
pc_assets ui-sdl

# QEMU 7.2 opens a window per console and numbers them in the title ("QEMU (NAME-0)");
# Vireo has one window, titled as QEMU's older SDL front end did.
case $(basename "$V") in
qemu*) PRODUCT=QEMU TITLE="QEMU (sdltest-0)" ;;
*) PRODUCT=Vireo TITLE="Vireo (sdltest)" ;;
esac
TITLE_RE=$(printf '%s' "$TITLE" | sed 's/[()]/\\&/g')

# A private X server on a free display number.
XN=$((70 + $$ % 100))
while [ -e "/tmp/.X11-unix/X$XN" ] || [ -e "/tmp/.X$XN-lock" ]; do XN=$((XN + 1)); done
Xvfb ":$XN" -screen 0 1280x1024x24 -nolisten tcp > "$TMP/xvfb.log" 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null; rm -rf "$TMP"' EXIT
export DISPLAY=":$XN"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

ocr() { tesseract "$1" - 2>/dev/null; }

# shot NAME: the window's pixels (xwd), as a PPM tesseract reads.
shot() {
    rm -f "$TMP/$1.xwd" "$TMP/$1.ppm"
    xwd -silent -id "$W" > "$TMP/$1.xwd" 2>/dev/null &&
        python3 tests/functional/x11-tool.py xwd2ppm "$TMP/$1.xwd" "$TMP/$1.ppm"
}

# wait_title ERE SECS: until the window's title matches.
wait_title() {
    for _ in $(seq $(($2 * 5))); do
        title=$(xdotool getwindowname "$W" 2>/dev/null)
        printf '%s\n' "$title" | grep -Eq -- "$1" && return 0
        sleep 0.2
    done
    return 1
}

# console=ttyS0 last: the shell of /init is on the serial port, which drives the test.
pc_start sdl -M pc -m 256 -name sdltest -kernel "$KERNEL" -initrd "$INITRD" \
    -append "console=tty0 console=ttyS0 video=1024x768" -display sdl -serial mon:stdio
if pc_wait "$MARKER" 180 && pc_wait 'vireo# ' 30; then pass ui-sdl-boot
else
    fail ui-sdl-boot "no '$MARKER' line and shell prompt in 180 s" "$(pc_show 25)"
    pc_quit; finish
fi

# --- The window and its title ------------------------------------------------------------
W=
for _ in $(seq 50); do
    W=$(xdotool search --name "^$PRODUCT \\(sdltest" 2>/dev/null | head -n 1)
    [ -n "$W" ] && break
    sleep 0.2
done
title=$(xdotool getwindowname "$W" 2>/dev/null)
if [ -n "$W" ] && [ "$title" = "$TITLE" ]; then pass ui-sdl-title
else fail ui-sdl-title "window title '$title', wanted '$TITLE'" "$(xdotool search --name . getwindowname %@ 2>&1 | head -5)"; fi
[ -n "$W" ] || { pc_quit; finish; }

# --- Text the guest writes on tty0, read from the window by OCR ------------------------------
# Leading spaces keep the words off the image's edge, where OCR drops letters.
pc_send 'echo "   VIREO SDL WINDOW 4713" > /dev/tty0'
sleep 1
if shot text && ocr "$TMP/text.ppm" | grep -q 'SDL WINDOW 4713'; then pass ui-sdl-window-ocr
else fail ui-sdl-window-ocr "OCR of the window has no 'SDL WINDOW 4713'" \
    "$(ocr "$TMP/text.ppm" 2>/dev/null | tail -n 3)" "$(pc_show 5)"; fi
if [ -s "$TMP/text.ppm" ] && [ "$(sed -n 2p "$TMP/text.ppm")" = "720 400" ]; then pass ui-sdl-window-720x400
else fail ui-sdl-window-720x400 "text mode 3 window is $(sed -n 2p "$TMP/text.ppm" 2>/dev/null), wanted 720 400"; fi

# --- Keys typed into the window ----------------------------------------------------------------
# A shell on tty1 (the VGA console) runs what is typed; its answer appears on screen and in a file.
pc_send 'setsid sh -c "exec sh -i </dev/tty1 >/dev/tty1 2>&1" &'
# Meanwhile, for the window close at the end: busybox acpid runs poweroff on the power button.
pc_send 'loadmod evdev button; mkdir -p /etc/acpi/PWRF; printf "#!/bin/sh\necho ACPI-POWER-BUTTON > /dev/ttyS0\npoweroff -f\n" > /etc/acpi/PWRF/00000080; chmod +x /etc/acpi/PWRF/00000080'
pc_send '(acpid -f -c /etc/acpi -l /tmp/acpid.log &)'
sleep 1
xdotool windowfocus --sync "$W" 2>/dev/null || xdotool windowfocus "$W"
sleep 0.5
xdotool type --delay 40 'echo "   SDL KEYS $((6*7))" | tee /tmp/typed'
xdotool key Return
sleep 1.5
if pc_ask TYPED "tr -d ' ' < /tmp/typed" && [ "$answer" = SDLKEYS42 ]; then pass ui-sdl-keys
else fail ui-sdl-keys "typed into the window: the tty1 shell wrote '$answer', wanted SDLKEYS42" "$(pc_show 5)"; fi
# OCR of one frame can miss a line on a loaded host: up to three frames.
seen=no
for i in 1 2 3; do
    if shot keys && ocr "$TMP/keys.ppm" | grep -q 'KEYS 42'; then seen=yes; break; fi
    sleep 1
done
if [ $seen = yes ]; then pass ui-sdl-keys-echo-ocr
else fail ui-sdl-keys-echo-ocr "the shell's answer 'SDL KEYS 42' is not on screen (OCR)" \
    "$(ocr "$TMP/keys.ppm" 2>/dev/null | tail -n 3)"; fi

# --- Grab: a click grabs, the grab keys let go; the title says which ------------------------------
# QEMU 7.2's SDL front end releases with Ctrl-Alt-G, Vireo with Ctrl-Alt (QEMU's older words).
# Pressed and released one key at a time, as fingers do (SDL reads the modifiers per event).
if [ "$PRODUCT" = QEMU ]; then ungrab="ctrl alt g"; else ungrab="ctrl alt"; fi
xdotool mousemove --window "$W" 100 100 click 1
if wait_title "^$TITLE_RE - Press .* to exit grab$" 5; then pass ui-sdl-grab-title
else fail ui-sdl-grab-title "after a click the title is '$title', wanted '$TITLE - Press ... to exit grab'"; fi
for k in $ungrab; do xdotool keydown "$k"; sleep 0.1; done
for k in $(echo "$ungrab" | tr ' ' '\n' | tac); do xdotool keyup "$k"; sleep 0.1; done
if wait_title "^$TITLE_RE$" 5; then pass ui-sdl-ungrab-title
else fail ui-sdl-ungrab-title "after $ungrab the title is '$title', wanted '$TITLE'"; fi

# --- The window follows the guest's mode, and scales when the user resizes it --------------------
if pc_ask BOCHS 'loadmod bochs >/dev/null 2>&1; sleep 2; cat /sys/class/graphics/fb0/virtual_size' 120 &&
   [ "$answer" = 1024,768 ]; then :
else fail ui-sdl-bochs-drm "loadmod bochs: fb0 is '$answer', wanted 1024,768" "$(pc_show 5)"; fi
pc_send 'echo "   VIREO SDL GRAPHICS 4714" > /dev/tty0'
sleep 2
geom=$(xdotool getwindowgeometry "$W" 2>/dev/null | sed -n 's/.*Geometry: //p')
if [ "$geom" = 1024x768 ] && shot gfx && ocr "$TMP/gfx.ppm" | grep -q 'SDL GRAPHICS 4714'; then pass ui-sdl-follows-mode
else fail ui-sdl-follows-mode "after bochs-drm's 1024x768: window $geom, OCR:" "$(ocr "$TMP/gfx.ppm" 2>/dev/null | tail -n 2)"; fi
# At the screen's corner, so that the screenshot has the whole window.
xdotool windowmove "$W" 0 0
xdotool windowsize "$W" 1280 960
sleep 2
if shot scaled && [ "$(sed -n 2p "$TMP/scaled.ppm")" = "1280 960" ] && ocr "$TMP/scaled.ppm" | grep -q 'SDL GRAPHICS 4714'; then
    pass ui-sdl-scaled
else fail ui-sdl-scaled "resized to 1280x960: window $(sed -n 2p "$TMP/scaled.ppm" 2>/dev/null), OCR:" \
    "$(ocr "$TMP/scaled.ppm" 2>/dev/null | tail -n 2)"; fi

# --- Closing the window: the ACPI power button, busybox acpid, poweroff -----------------------
if pc_ask ACPID 'pidof acpid >/dev/null && echo up' 60 && [ "$answer" = up ]; then :
else fail ui-sdl-acpid "the guest runs no acpid on the power button" "$answer" "$(pc_show)"; fi
python3 tests/functional/x11-tool.py close "$W"
if pc_end 60 && [ "$pc_rc" = 0 ]; then pass ui-sdl-close-exit
else fail ui-sdl-close-exit "closing the window: exit $pc_rc, wanted 0 within 60 s" "$(pc_show)"; fi
if pc_count 'ACPI-POWER-BUTTON$' | grep -qv '^0$'; then pass ui-sdl-close-acpi-powerdown
elif [ "$PRODUCT" = QEMU ]; then
    echo "note: QEMU 7.2 quits on a window close without asking the guest (SHUTDOWN_CAUSE_HOST_UI)"
else fail ui-sdl-close-acpi-powerdown "closing the window did not press the guest's ACPI power button" "$(pc_show)"; fi
pc_no_crash ui-sdl-exit && pass ui-sdl-exit
finish
