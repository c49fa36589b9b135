/* The monitor's line editor. See readline.h. */
#include "monitor/readline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CANDS 256

enum { RS_NORM, RS_ESC, RS_CSI, RS_SS3 };

struct ReadLineState {
    ReadLineOps ops;
    char prompt[64];
    char buf[READLINE_MAX + 1];
    int len, pos;
    /* What the terminal shows after the prompt, and where its cursor is. */
    char shown[READLINE_MAX + 1];
    int shown_len, shown_pos;
    int esc_state, esc_param;
    bool last_cr;
    char *hist[READLINE_HISTORY];
    int nhist, hist_idx;        /* hist_idx -1: editing a new line */
    char *cands[MAX_CANDS];
    int ncands;
};

static void out(ReadLineState *rs, const char *s, size_t n)
{
    if (n)
        rs->ops.output(rs->ops.opaque, s, n);
}

static void out_str(ReadLineState *rs, const char *s)
{
    out(rs, s, strlen(s));
}

static void move_cursor(ReadLineState *rs, int from, int to)
{
    char seq[24];

    /* CSI n D / CSI n C (ECMA-48 CUB/CUF). */
    if (to < from)
        snprintf(seq, sizeof(seq), "\033[%dD", from - to);
    else if (to > from)
        snprintf(seq, sizeof(seq), "\033[%dC", to - from);
    else
        return;
    out_str(rs, seq);
}

/* Bring the terminal up to date with buf, sending only the changed tail. */
static void rl_update(ReadLineState *rs)
{
    int p = 0;

    while (p < rs->shown_len && p < rs->len && rs->shown[p] == rs->buf[p])
        p++;
    if (p < rs->shown_len || p < rs->len) {
        move_cursor(rs, rs->shown_pos, p);
        out(rs, rs->buf + p, (size_t)(rs->len - p));
        if (rs->len < rs->shown_len)
            out_str(rs, "\033[K");      /* EL: erase the old tail */
        memcpy(rs->shown + p, rs->buf + p, (size_t)(rs->len - p));
        rs->shown_len = rs->len;
        rs->shown_pos = rs->len;
    }
    move_cursor(rs, rs->shown_pos, rs->pos);
    rs->shown_pos = rs->pos;
}

ReadLineState *readline_new(const ReadLineOps *ops, const char *prompt)
{
    ReadLineState *rs = calloc(1, sizeof(*rs));

    if (!rs)
        return NULL;
    rs->ops = *ops;
    snprintf(rs->prompt, sizeof(rs->prompt), "%s", prompt);
    rs->hist_idx = -1;
    return rs;
}

static void clear_cands(ReadLineState *rs)
{
    for (int i = 0; i < rs->ncands; i++)
        free(rs->cands[i]);
    rs->ncands = 0;
}

void readline_free(ReadLineState *rs)
{
    if (!rs)
        return;
    for (int i = 0; i < rs->nhist; i++)
        free(rs->hist[i]);
    clear_cands(rs);
    free(rs);
}

void readline_show_prompt(ReadLineState *rs)
{
    out_str(rs, rs->prompt);
    rs->shown_len = rs->shown_pos = 0;
    rl_update(rs);
}

void readline_restart(ReadLineState *rs)
{
    rs->len = rs->pos = 0;
    rs->shown_len = rs->shown_pos = 0;
    rs->esc_state = RS_NORM;
    rs->hist_idx = -1;
    rs->last_cr = false;
}

const char *readline_history(const ReadLineState *rs, int i)
{
    return i >= 0 && i < rs->nhist ? rs->hist[i] : NULL;
}

static void hist_add(ReadLineState *rs, const char *line)
{
    char *copy;
    int i;

    if (!*line)
        return;
    /* As QEMU: re-entering a remembered line moves it to the newest place. */
    for (i = 0; i < rs->nhist && strcmp(rs->hist[i], line); i++)
        ;
    if (i < rs->nhist) {
        copy = rs->hist[i];
        memmove(rs->hist + i, rs->hist + i + 1, (size_t)(rs->nhist - i - 1) * sizeof(char *));
        rs->hist[rs->nhist - 1] = copy;
        return;
    }
    if (!(copy = strdup(line)))
        return;
    if (rs->nhist == READLINE_HISTORY) {
        free(rs->hist[0]);
        memmove(rs->hist, rs->hist + 1, (READLINE_HISTORY - 1) * sizeof(char *));
        rs->nhist--;
    }
    rs->hist[rs->nhist++] = copy;
}

static void set_line(ReadLineState *rs, const char *s)
{
    size_t n = strlen(s);

    if (n > READLINE_MAX)
        n = READLINE_MAX;
    memcpy(rs->buf, s, n);
    rs->len = rs->pos = (int)n;
}

static void hist_move(ReadLineState *rs, int dir)
{
    if (dir < 0) {
        if (rs->nhist == 0 || rs->hist_idx == 0)
            return;
        rs->hist_idx = rs->hist_idx < 0 ? rs->nhist - 1 : rs->hist_idx - 1;
        set_line(rs, rs->hist[rs->hist_idx]);
    } else {
        if (rs->hist_idx < 0)
            return;
        if (++rs->hist_idx >= rs->nhist) {
            rs->hist_idx = -1;
            set_line(rs, "");
        } else {
            set_line(rs, rs->hist[rs->hist_idx]);
        }
    }
}

static void insert_char(ReadLineState *rs, char c)
{
    if (rs->len >= READLINE_MAX)
        return;
    memmove(rs->buf + rs->pos + 1, rs->buf + rs->pos, (size_t)(rs->len - rs->pos));
    rs->buf[rs->pos++] = c;
    rs->len++;
}

static void delete_range(ReadLineState *rs, int from, int to)
{
    if (from < 0)
        from = 0;
    if (to > rs->len)
        to = rs->len;
    if (from >= to)
        return;
    memmove(rs->buf + from, rs->buf + to, (size_t)(rs->len - to));
    rs->len -= to - from;
    if (rs->pos > to)
        rs->pos -= to - from;
    else if (rs->pos > from)
        rs->pos = from;
}

static void backward_word(ReadLineState *rs)
{
    int p = rs->pos;

    while (p > 0 && rs->buf[p - 1] == ' ')
        p--;
    while (p > 0 && rs->buf[p - 1] != ' ')
        p--;
    delete_range(rs, p, rs->pos);
}

static void enter(ReadLineState *rs)
{
    char line[READLINE_MAX + 1];

    memcpy(line, rs->buf, (size_t)rs->len);
    line[rs->len] = '\0';
    hist_add(rs, line);
    rs->len = rs->pos = 0;
    rs->shown_len = rs->shown_pos = 0;
    rs->hist_idx = -1;
    out_str(rs, "\n");
    rs->ops.line(rs->ops.opaque, line);
}

static void add_cand(ReadLineState *rs, const char *cand)
{
    char *c;

    if (rs->ncands == MAX_CANDS || !(c = strdup(cand)))
        return;
    rs->cands[rs->ncands++] = c;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void complete(ReadLineState *rs)
{
    char before[READLINE_MAX + 1];
    int word = rs->pos, common, width, cols;

    if (!rs->ops.complete)
        return;
    while (word > 0 && rs->buf[word - 1] != ' ')
        word--;
    memcpy(before, rs->buf, (size_t)rs->pos);
    before[rs->pos] = '\0';
    clear_cands(rs);
    rs->ops.complete(rs->ops.opaque, before, add_cand, rs);
    if (rs->ncands == 0)
        return;
    qsort(rs->cands, (size_t)rs->ncands, sizeof(char *), cmp_str);
    /* Complete as far as every candidate agrees. */
    common = (int)strlen(rs->cands[0]);
    for (int i = 1; i < rs->ncands; i++) {
        int k = 0;

        while (k < common && rs->cands[i][k] == rs->cands[0][k])
            k++;
        common = k;
    }
    for (int k = rs->pos - word; k < common; k++)
        insert_char(rs, rs->cands[0][k]);
    if (rs->ncands == 1) {
        insert_char(rs, ' ');
        return;
    }
    /* Several: list them in columns under the line, then redraw it (QEMU's layout). */
    width = 0;
    for (int i = 0; i < rs->ncands; i++) {
        int l = (int)strlen(rs->cands[i]);

        width = l > width ? l : width;
    }
    width += 2;
    width = width < 10 ? 10 : width > 80 ? 80 : width;
    cols = 80 / width;
    rl_update(rs);
    out_str(rs, "\n");
    for (int i = 0, j = 0; i < rs->ncands; i++) {
        char cell[96];

        snprintf(cell, sizeof(cell), "%-*.*s", width, 80, rs->cands[i]);
        out_str(rs, cell);
        if (++j == cols || i == rs->ncands - 1) {
            out_str(rs, "\n");
            j = 0;
        }
    }
    readline_show_prompt(rs);
}

static void handle_csi_final(ReadLineState *rs, int ch)
{
    switch (ch) {
    case 'A':
        hist_move(rs, -1);
        break;
    case 'B':
        hist_move(rs, 1);
        break;
    case 'C':
        if (rs->pos < rs->len)
            rs->pos++;
        break;
    case 'D':
        if (rs->pos > 0)
            rs->pos--;
        break;
    case 'H':
        rs->pos = 0;
        break;
    case 'F':
        rs->pos = rs->len;
        break;
    case '~':
        /* VT220 editing keys: 1/7 Home, 3 Delete, 4/8 End. */
        if (rs->esc_param == 1 || rs->esc_param == 7)
            rs->pos = 0;
        else if (rs->esc_param == 3)
            delete_range(rs, rs->pos, rs->pos + 1);
        else if (rs->esc_param == 4 || rs->esc_param == 8)
            rs->pos = rs->len;
        break;
    default:
        break;
    }
}

static void handle_control(ReadLineState *rs, int ch)
{
    switch (ch) {
    case 1:                         /* Ctrl-a */
        rs->pos = 0;
        break;
    case 2:                         /* Ctrl-b */
        if (rs->pos > 0)
            rs->pos--;
        break;
    case 4:                         /* Ctrl-d */
        delete_range(rs, rs->pos, rs->pos + 1);
        break;
    case 5:                         /* Ctrl-e */
        rs->pos = rs->len;
        break;
    case 6:                         /* Ctrl-f */
        if (rs->pos < rs->len)
            rs->pos++;
        break;
    case 8:                         /* Ctrl-h, backspace */
    case 127:
        delete_range(rs, rs->pos - 1, rs->pos);
        break;
    case 9:
        complete(rs);
        break;
    case 11:                        /* Ctrl-k */
        delete_range(rs, rs->pos, rs->len);
        break;
    case 14:                        /* Ctrl-n */
        hist_move(rs, 1);
        break;
    case 16:                        /* Ctrl-p */
        hist_move(rs, -1);
        break;
    case 21:                        /* Ctrl-u */
        delete_range(rs, 0, rs->pos);
        break;
    case 23:                        /* Ctrl-w */
        backward_word(rs);
        break;
    case 27:
        rs->esc_state = RS_ESC;
        break;
    default:
        break;
    }
}

void readline_handle_byte(ReadLineState *rs, int ch)
{
    bool was_cr = rs->last_cr;

    ch &= 0xff;
    rs->last_cr = false;
    switch (rs->esc_state) {
    case RS_ESC:
        rs->esc_state = ch == '[' ? RS_CSI : ch == 'O' ? RS_SS3 : RS_NORM;
        rs->esc_param = 0;
        return;
    case RS_CSI:
        if (ch >= '0' && ch <= '9') {
            if (rs->esc_param < 10000)
                rs->esc_param = rs->esc_param * 10 + (ch - '0');
            return;
        }
        if (ch == ';')
            return;
        rs->esc_state = RS_NORM;
        handle_csi_final(rs, ch);
        rl_update(rs);
        return;
    case RS_SS3:
        rs->esc_state = RS_NORM;
        if (ch == 'H' || ch == 'F' || (ch >= 'A' && ch <= 'D'))
            handle_csi_final(rs, ch);
        rl_update(rs);
        return;
    default:
        break;
    }
    if (ch == '\r' || ch == '\n') {
        /* CR LF (telnet, nc) is one end of line, not an empty second line. */
        if (ch == '\n' && was_cr)
            return;
        rs->last_cr = ch == '\r';
        enter(rs);
        return;
    }
    if (ch >= 32 && ch != 127)
        insert_char(rs, (char)ch);
    else
        handle_control(rs, ch);
    if (rs->esc_state == RS_NORM)
        rl_update(rs);
}
