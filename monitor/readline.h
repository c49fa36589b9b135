/*
 * The monitor's line editor, fed one byte at a time from a raw terminal
 * (or a socket): insertion, backspace/delete, Ctrl-a/Ctrl-e and Home/End,
 * left/right (arrows, Ctrl-b/Ctrl-f), Ctrl-k, Ctrl-u, Ctrl-w, history with
 * up/down (and Ctrl-p/Ctrl-n), tab completion through a callback.
 *
 * It echoes and redraws through the output callback with VT100 sequences
 * (CSI n C/D to move, CSI K to clear to the end), sending only what
 * changed, so a pasted line costs its length, not its length squared.
 * A line longer than READLINE_MAX bytes is cut there, as QEMU does.
 */
#ifndef MONITOR_READLINE_H
#define MONITOR_READLINE_H

#include <stdbool.h>
#include <stddef.h>

#define READLINE_MAX 4095
#define READLINE_HISTORY 64

typedef struct ReadLineState ReadLineState;

typedef struct ReadLineOps {
    void (*output)(void *opaque, const char *buf, size_t len);
    /* A complete line was entered (without its end-of-line). */
    void (*line)(void *opaque, const char *line);
    /*
     * Candidates for the word ending at the cursor: call add() for each.
     * line is the text before the cursor. May be NULL (no completion).
     */
    void (*complete)(void *opaque, const char *line, void (*add)(ReadLineState *rs, const char *cand),
                     ReadLineState *rs);
    void *opaque;
} ReadLineOps;

ReadLineState *readline_new(const ReadLineOps *ops, const char *prompt);
void readline_free(ReadLineState *rs);
void readline_handle_byte(ReadLineState *rs, int ch);
/* Print the prompt and the line being edited (after other output, or on focus). */
void readline_show_prompt(ReadLineState *rs);
/* Forget the line being edited and any half-read escape sequence. */
void readline_restart(ReadLineState *rs);
/* History entry i (0: oldest), or NULL. */
const char *readline_history(const ReadLineState *rs, int i);

#endif
