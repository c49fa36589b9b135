# The curses front end looked at as a person would (Vireo issue 10, part 7),
# in a pane of a private tmux server: Debian's kernel with console=tty0 last
# (its shell on the VGA console) shows its text in the pane (capture-pane),
# with the VGA colours and the code page 437 glyphs; keys sent with tmux
# send-keys reach the guest's shell, which runs them; a graphics mode shows a
# one-line notice; and the pane's terminal settings are the same after
# Vireo ends as before, whichever way it ends (guest poweroff, SIGTERM,
# monitor quit).
#   sh tests/functional/ui-curses.sh BUILD        (VIREO_SYSTEM=qemu-system-x86_64 ...)
B=$1
. tests/functional/lib.sh
. tests/functional/pc-lib.inc

pc_skip_unless_machine ui-curses
for tool in tmux socat; do
    if ! command -v $tool >/dev/null 2>&1; then
        fail ui-curses "no $tool (scripts/install-deps.sh installs it)"
        finish
    fi
done
if ! "$V" -display help 2>/dev/null | grep -qx curses; then
    fail ui-curses "$V was built without curses (-display help lists no curses; install libncurses-dev)"
    finish
fi
pc_assets ui-curses

# A private tmux server: no user configuration, its own socket.
TMUX_SOCK=$TMP/tmux.sock
tm() { tmux -S "$TMUX_SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
# A session that stays, so that the server outlives each test's session.
tm new-session -d -s keep -x 80 -y 24 "sleep 100000"
screen() { tm capture-pane -p -t ui "$@" 2>/dev/null; }

# wait_screen ERE SECS: until a line of the pane matches.
wait_screen() {
    for _ in $(seq $(($2 * 5))); do
        screen | grep -Eq -- "$1" && return 0
        sleep 0.2
    done
    return 1
}

# shq ARG: ARG quoted for sh.
shq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# run_in_pane NAME ARGS...: Vireo in a new 100x30 pane (timeout --foreground: the
# emulator must stay in the terminal's foreground process group to read it); the
# pane records stty before and after, the exit status, and timeout's pid (which
# passes SIGTERM on to the emulator).
run_in_pane() {
    name=$1; shift
    rm -f "$TMP/$name.stty0" "$TMP/$name.stty1" "$TMP/$name.rc" "$TMP/$name.pid"
    args=
    for a in timeout --foreground -k 5 "$(pc_secs 300)" "$V" $VIREO_ACCEL "$@"; do args="$args $(shq "$a")"; done
    cat > "$TMP/$name.sh" <<EOF
stty -g > "$TMP/$name.stty0"
sh -c 'echo \$\$ > "$TMP/$name.pid"; exec "\$0" "\$@"' $args 2> "$TMP/$name.err"
echo \$? > "$TMP/$name.rc"
stty -g > "$TMP/$name.stty1"
echo "VIREO-EXITED"
sleep 600
EOF
    tm kill-session -t ui 2>/dev/null
    tm new-session -d -s ui -x 100 -y 30 "LC_ALL=C.UTF-8 TERM=tmux-256color sh '$TMP/$name.sh'"
}

# ended NAME SECS: Vireo left, and the terminal settings are as before.
ended() {
    for _ in $(seq $(($2 * 5))); do [ -f "$TMP/$1.stty1" ] && break; sleep 0.2; done
    [ -f "$TMP/$1.stty1" ]
}
stty_same() { [ -s "$TMP/$1.stty0" ] && cmp -s "$TMP/$1.stty0" "$TMP/$1.stty1"; }

# The shell on tty0; video=1024x768 makes bochs-drm's mode the same on QEMU (see pc-vga.sh).
run_in_pane boot -M pc -m 256 -kernel "$KERNEL" -initrd "$INITRD" -display curses \
    -append "console=ttyS0 console=tty0 video=1024x768" -serial "file:$TMP/serial.log"
if wait_screen "$MARKER" 180 && wait_screen '^ *vireo#' 30; then pass ui-curses-boot-text
else
    fail ui-curses-boot-text "no '$MARKER' line and prompt in the pane in 180 s" "$(screen | grep -v '^$' | tail -n 5)" \
        "$(cat "$TMP/boot.err" 2>/dev/null)"
    finish
fi
# ash asks the terminal for its size at the first prompt: let that answer pass before typing.
tm send-keys -t ui Enter
sleep 2

# --- Keys: a command typed into the pane runs in the guest; its answer is on screen ----------
tm send-keys -t ui 'echo "CURSES KEYS $((6*7))"' Enter
if wait_screen '^ *CURSES KEYS 42 *$' 20; then pass ui-curses-keys
else fail ui-curses-keys "typed 'echo \"CURSES KEYS \$((6*7))\"': no 'CURSES KEYS 42' line" \
    "$(screen | grep -v '^$' | tail -n 4)"; fi

# Ctrl-U (a control key) erases the typed line; arrows (escape sequences) recall history.
tm send-keys -t ui 'echo WRONG' C-u 'echo "CTRL $((1+1))"' Enter
tm send-keys -t ui Up Enter
for _ in $(seq 100); do [ "$(screen | grep -c '^ *CTRL 2 *$')" -ge 2 ] && break; sleep 0.2; done
if [ "$(screen | grep -c '^ *CTRL 2 *$')" -ge 2 ] && ! screen | grep -q '^ *WRONG'; then
    pass ui-curses-control-and-arrow-keys
else fail ui-curses-control-and-arrow-keys "Ctrl-U then a line, then Up Enter: wanted two 'CTRL 2' lines" \
    "$(screen | grep -v '^$' | tail -n 5)"; fi

# --- Colours and glyphs --------------------------------------------------------------------------
# Bright yellow on blue is VGA attribute 0x1e; U+2500 U+2588 U+03C0 are code page 437 bytes
# C4 DB E3 in VGA memory (the kernel maps them into the ROM font), and back in the pane.
tm send-keys -t ui 'clear; printf "\033[1;33;44m YELLOW ON BLUE \033[0m\n\342\224\200\342\224\200\342\226\210 \317\200 OK\n"' Enter
if wait_screen '^ *──█ π OK' 20; then pass ui-curses-cp437-glyphs
else fail ui-curses-cp437-glyphs "no '──█ π OK' line (CP437 C4 C4 DB E3 as Unicode)" "$(screen | grep -a 'OK' | head -n 3)"; fi
line=$(screen -e | grep -a 'YELLOW ON BLUE' | head -n 1)
# The SGR before the text: a blue background (44 or 48;5;4) and a bright yellow foreground
# (93, 38;5;11, or bold with 33).
sgr=$(printf '%s' "$line" | sed 's/YELLOW ON BLUE.*//' | grep -ao '\[[0-9;]*m' | tr -d '[m' | tr '\n' ';')
case ";$sgr" in
*";44;"*|*"48;5;4;"*) bg=ok ;;
*) bg= ;;
esac
case ";$sgr" in
*";93;"*|*"38;5;11;"*) fg=ok ;;
*";1;"*"33;"*|*";33;"*"1;"*) fg=ok ;;
*) fg= ;;
esac
if [ -n "$bg" ] && [ -n "$fg" ]; then pass ui-curses-colours
else fail ui-curses-colours "'YELLOW ON BLUE' is not bright yellow on blue: SGR '$sgr'" "$(printf '%s' "$line" | cat -v)"; fi

# --- Graphics mode: the one-line notice ------------------------------------------------------------
tm send-keys -t ui 'loadmod bochs' Enter
if wait_screen '1024 x 768 Graphic mode' 60; then pass ui-curses-graphic-notice
else fail ui-curses-graphic-notice "after loadmod bochs: no '1024 x 768 Graphic mode' line" \
    "$(screen | grep -v '^$' | tail -n 3)"; fi

# --- Ways out: the guest powers off; the terminal is as it was ------------------------------------
tm send-keys -t ui 'poweroff -f' Enter
if ended boot 60 && [ "$(cat "$TMP/boot.rc")" = 0 ] && stty_same boot && wait_screen '^VIREO-EXITED' 5 &&
   ! screen | grep -q '1024 x 768 Graphic mode'; then pass ui-curses-poweroff-restores-terminal
else fail ui-curses-poweroff-restores-terminal "poweroff -f: exit $(cat "$TMP/boot.rc" 2>/dev/null)," \
    "stty before $(cat "$TMP/boot.stty0" 2>/dev/null)" "stty after  $(cat "$TMP/boot.stty1" 2>/dev/null)" \
    "$(screen | grep -v '^$' | tail -n 3)"; fi

# SIGTERM, and the monitor's quit: no guest needed (-S keeps the VM in prelaunch).
run_in_pane term -M pc -m 64 -S -display curses -serial none
sleep 3
[ -s "$TMP/term.pid" ] && kill -TERM "$(cat "$TMP/term.pid")"
if ended term 20 && stty_same term && wait_screen '^VIREO-EXITED' 5; then pass ui-curses-sigterm-restores-terminal
else fail ui-curses-sigterm-restores-terminal "SIGTERM: stty before $(cat "$TMP/term.stty0" 2>/dev/null)" \
    "stty after  $(cat "$TMP/term.stty1" 2>/dev/null)" "$(screen | grep -v '^$' | tail -n 3)"; fi

run_in_pane quit -M pc -m 64 -S -display curses -serial none -monitor "unix:$TMP/mon.sock,server=on,wait=off"
for _ in $(seq 50); do [ -S "$TMP/mon.sock" ] && break; sleep 0.2; done
sleep 1
printf 'quit\n' | socat -t 2 - "UNIX-CONNECT:$TMP/mon.sock" > /dev/null 2>&1
if ended quit 20 && [ "$(cat "$TMP/quit.rc")" = 0 ] && stty_same quit && wait_screen '^VIREO-EXITED' 5; then
    pass ui-curses-quit-restores-terminal
else fail ui-curses-quit-restores-terminal "monitor quit: exit $(cat "$TMP/quit.rc" 2>/dev/null)," \
    "stty before $(cat "$TMP/quit.stty0" 2>/dev/null)" "stty after  $(cat "$TMP/quit.stty1" 2>/dev/null)" \
    "$(cat "$TMP/quit.err" 2>/dev/null)"; fi
finish
