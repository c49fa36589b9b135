/*
 * The VNC server on libvncserver (ui/vnc.h has the threading rules).
 *
 * Vireo opens the listening sockets itself (HOST:N over getaddrinfo, so
 * IPv4, IPv6 and names alike, or unix:PATH) and hands each accepted
 * connection to libvncserver with rfbNewClient; libvncserver does the RFB
 * protocol, the security handshake and the encodings (raw, zlib, tight,
 * zrle...) on the VNC thread. What Vireo adds: QEMU's password rules
 * (password=on with no password set lets nobody in), QEMU's extended key
 * event (raw scancodes, RFB community pseudo-encoding -258), and the
 * framebuffer following the guest's mode changes (libvncserver sends the
 * DesktopSize pseudo-rectangle to clients that announced it).
 */
#include "ui/vnc.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rfb/rfb.h>

#include "system/error.h"
#include "system/main-loop.h"
#include "ui/input.h"

#define VNC_MAX_LISTEN      4
/* A client that stops mid-message is dropped after this long (libvncserver's default: 20 s). */
#define VNC_CLIENT_WAIT_MS  2000
/* How long the VNC thread waits for client traffic before looking for work from the main loop. */
#define VNC_POLL_US         15000
#define VNC_PASSWORD_MAX    8       /* VNC authentication keys DES with the first 8 bytes */

static struct {
    rfbScreenInfoPtr screen;
    Console *con;
    DisplayChangeListener dcl;
    pthread_t thread;
    int listen_fd[VNC_MAX_LISTEN];
    int nlisten;
    char where[300];            /* "127.0.0.1:5901 (ipv4)", for info vnc */
    bool running;               /* a server exists (-vnc none included) */
    bool auth;                  /* password=on */

    /* Shared with the VNC thread, under the bql. */
    bool resize;
    int x0, y0, x1, y1;         /* changed box; empty when x1 <= x0 */
    char password[VNC_PASSWORD_MAX + 1];
    bool password_set;
    int nclients;
    _Atomic bool pending;       /* something above changed: the VNC thread should look */

    /* VNC thread only. */
    uint32_t *fb;
    int fb_w, fb_h;
    unsigned buttons;
    int ptr_x, ptr_y;
} vnc;

/* ---- Console listener (main thread, bql held) ------------------------------ */

static void vnc_gfx_switch(DisplayChangeListener *dcl, DisplaySurface *s)
{
    vnc.resize = true;
    atomic_store(&vnc.pending, true);
}

static void vnc_gfx_update(DisplayChangeListener *dcl, int x, int y, int w, int h)
{
    if (vnc.x1 <= vnc.x0) {
        vnc.x0 = x, vnc.y0 = y, vnc.x1 = x + w, vnc.y1 = y + h;
    } else {
        if (x < vnc.x0)
            vnc.x0 = x;
        if (y < vnc.y0)
            vnc.y0 = y;
        if (x + w > vnc.x1)
            vnc.x1 = x + w;
        if (y + h > vnc.y1)
            vnc.y1 = y + h;
    }
    atomic_store(&vnc.pending, true);
}

/* ---- The VNC thread -------------------------------------------------------- */

/* Surface pixels (0x00RRGGBB) in the server's pixel format, which libvncserver picks. */
static void copy_rect(const DisplaySurface *s, int x0, int y0, int x1, int y1)
{
    const rfbPixelFormat *f = &vnc.screen->serverFormat;

    for (int y = y0; y < y1; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)s->data + (size_t)y * (size_t)s->stride);
        uint32_t *dst = vnc.fb + (size_t)y * (size_t)vnc.fb_w;

        for (int x = x0; x < x1; x++) {
            uint32_t v = src[x];

            dst[x] = ((v >> 16) & 0xff) << f->redShift | ((v >> 8) & 0xff) << f->greenShift |
                     (v & 0xff) << f->blueShift;
        }
    }
}

/* Bring the server's framebuffer up to date with the console. */
static void vnc_sync(void)
{
    uint32_t *newfb = NULL, *oldfb = NULL;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0, w = 0, h = 0;
    DisplaySurface *s;

    bql_lock();
    atomic_store(&vnc.pending, false);
    s = console_surface(vnc.con);
    if (vnc.resize || s->width != vnc.fb_w || s->height != vnc.fb_h) {
        w = s->width;
        h = s->height;
        newfb = malloc((size_t)w * (size_t)h * 4);
        if (newfb) {
            oldfb = vnc.fb;
            vnc.fb = newfb;
            vnc.fb_w = w;
            vnc.fb_h = h;
            copy_rect(s, 0, 0, w, h);
            vnc.resize = false;
        }
    } else if (vnc.x1 > vnc.x0) {
        x0 = vnc.x0 < 0 ? 0 : vnc.x0;
        y0 = vnc.y0 < 0 ? 0 : vnc.y0;
        x1 = vnc.x1 > vnc.fb_w ? vnc.fb_w : vnc.x1;
        y1 = vnc.y1 > vnc.fb_h ? vnc.fb_h : vnc.y1;
        if (x1 > x0 && y1 > y0)
            copy_rect(s, x0, y0, x1, y1);
    }
    vnc.x0 = vnc.y0 = vnc.x1 = vnc.y1 = 0;
    bql_unlock();

    if (newfb) {
        /* Clients that announced DesktopSize get the new size; all get a full update. */
        rfbNewFramebuffer(vnc.screen, (char *)newfb, w, h, 8, 3, 4);
        free(oldfb);
    } else if (x1 > x0 && y1 > y0) {
        rfbMarkRectAsModified(vnc.screen, x0, y0, x1, y1);
    }
}

static void vnc_accept(void)
{
    for (int i = 0; i < vnc.nlisten; i++) {
        int fd = accept4(vnc.listen_fd[i], NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

        if (fd >= 0 && !rfbNewClient(vnc.screen, fd))
            close(fd);
    }
}

static void *vnc_thread(void *arg)
{
    for (;;) {
        rfbProcessEvents(vnc.screen, VNC_POLL_US);
        vnc_accept();
        if (atomic_load(&vnc.pending))
            vnc_sync();
    }
    return NULL;
}

/* ---- Client events (VNC thread) ---------------------------------------------- */

static void vnc_key(rfbBool down, rfbKeySym keysym, rfbClientPtr cl)
{
    int q = input_qnum_from_keysym(keysym);

    if (q < 0)
        return;
    bql_lock();
    input_key_qnum(q, down);
    bql_unlock();
}

static void vnc_pointer(int mask, int x, int y, rfbClientPtr cl)
{
    /* RFB buttons: 1 left, 2 middle, 3 right, 4/5 wheel; PS/2: left, right, middle. */
    unsigned buttons = (mask & 1) | ((mask >> 2) & 1) << 1 | ((mask >> 1) & 1) << 2;
    int dz = (mask & 0x10) ? 1 : (mask & 0x08) ? -1 : 0;
    int dx = x - vnc.ptr_x, dy = y - vnc.ptr_y;

    vnc.ptr_x = x;
    vnc.ptr_y = y;
    if (dx || dy || dz || buttons != vnc.buttons) {
        bql_lock();
        input_mouse_rel(dx, dy, dz, buttons);
        bql_unlock();
    }
    vnc.buttons = buttons;
    rfbDefaultPtrAddEvent(mask, x, y, cl);
}

static void vnc_client_gone(rfbClientPtr cl)
{
    bql_lock();
    vnc.nclients--;
    bql_unlock();
}

static enum rfbNewClientAction vnc_new_client(rfbClientPtr cl)
{
    cl->clientGoneHook = vnc_client_gone;
    bql_lock();
    vnc.nclients++;
    bql_unlock();
    return RFB_CLIENT_ACCEPT;
}

/* VNC authentication (RFB 7.2.2): the response is the challenge DES-encrypted with the password. */
static rfbBool vnc_check_password(rfbClientPtr cl, const char *response, int len)
{
    char pw[VNC_PASSWORD_MAX + 1];
    unsigned char expect[CHALLENGESIZE];
    bool set;

    bql_lock();
    set = vnc.password_set;
    memcpy(pw, vnc.password, sizeof(pw));
    bql_unlock();
    /* As QEMU: password=on and no password set means nobody logs in. */
    if (!set || len != CHALLENGESIZE)
        return FALSE;
    memcpy(expect, cl->authChallenge, CHALLENGESIZE);
    rfbEncryptBytes(expect, pw);
    return memcmp(expect, response, CHALLENGESIZE) == 0;
}

/* ---- QEMU's extended key event (pseudo-encoding -258, message 255 subtype 0) ---- */

static int qemu_pseudo_encodings[] = { (int)rfbEncodingQemuExtendedKeyEvent, 0 };

static rfbBool ext_new_client(rfbClientPtr cl, void **data)
{
    *data = NULL;
    return TRUE;
}

/* A client that lists -258 is told the server supports it by a rectangle of that encoding. */
static rfbBool ext_enable(rfbClientPtr cl, void **data, int encoding)
{
    rfbFramebufferUpdateMsg fu = { .type = rfbFramebufferUpdate, .nRects = Swap16IfLE(1) };
    rfbFramebufferUpdateRectHeader rh = { .encoding = Swap32IfLE(rfbEncodingQemuExtendedKeyEvent) };

    if (encoding != (int)rfbEncodingQemuExtendedKeyEvent)
        return FALSE;
    if (rfbWriteExact(cl, (char *)&fu, sz_rfbFramebufferUpdateMsg) < 0 ||
        rfbWriteExact(cl, (char *)&rh, sz_rfbFramebufferUpdateRectHeader) < 0)
        return FALSE;
    return TRUE;
}

static rfbBool ext_message(rfbClientPtr cl, void *data, const rfbClientToServerMsg *msg)
{
    uint8_t b[sz_rfbQemuExtendedKeyEventMsg - 1];
    uint32_t keysym, keycode;
    bool down;
    int q;

    if (msg->type != rfbQemuEvent)
        return FALSE;
    /* libvncserver read the type byte; the rest is ours. */
    if (rfbReadExact(cl, (char *)b, sizeof(b)) <= 0) {
        rfbCloseClient(cl);
        return TRUE;
    }
    if (b[0] != 0) {        /* only subtype 0, the key event */
        rfbCloseClient(cl);
        return TRUE;
    }
    down = (b[1] << 8 | b[2]) != 0;
    keysym = (uint32_t)b[3] << 24 | b[4] << 16 | b[5] << 8 | b[6];
    keycode = (uint32_t)b[7] << 24 | b[8] << 16 | b[9] << 8 | b[10];
    /* The XT code with E0-prefixed keys as 0x80 | code: a qnum already. */
    q = keycode && keycode < 0x100 ? (int)keycode : input_qnum_from_keysym(keysym);
    if (q > 0) {
        bql_lock();
        input_key_qnum(q, down);
        bql_unlock();
    }
    return TRUE;
}

static rfbProtocolExtension qemu_key_extension = {
    .newClient = ext_new_client,
    .pseudoEncodings = qemu_pseudo_encodings,
    .enablePseudoEncoding = ext_enable,
    .handleMessage = ext_message,
};

/* ---- Start-up (main thread) ---------------------------------------------------- */

static int listen_unix(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        error_report("-vnc unix:%s: path too long", path);
        return -ENAMETOOLONG;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -errno;
    unlink(path);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 8) < 0) {
        int e = errno;

        error_report("Failed to bind socket to %s: %s", path, strerror(e));
        close(fd);
        return -e;
    }
    vnc.listen_fd[vnc.nlisten++] = fd;
    snprintf(vnc.where, sizeof(vnc.where), "%s (unix)", path);
    return 0;
}

static int listen_tcp(const char *host, int port)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
    struct addrinfo *res, *ai;
    char service[16];
    int ret, err = 0;

    snprintf(service, sizeof(service), "%d", port);
    ret = getaddrinfo(*host ? host : NULL, service, &hints, &res);
    if (ret) {
        error_report("address resolution failed for %s:%d: %s", host, port, gai_strerror(ret));
        return -EINVAL;
    }
    for (ai = res; ai && vnc.nlisten < VNC_MAX_LISTEN; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        int one = 1;

        if (fd < 0) {
            err = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ai->ai_family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 8) < 0) {
            err = errno;
            close(fd);
            continue;
        }
        if (!vnc.nlisten)
            snprintf(vnc.where, sizeof(vnc.where), "%s:%d (%s)", host, port,
                     ai->ai_family == AF_INET6 ? "ipv6" : "ipv4");
        vnc.listen_fd[vnc.nlisten++] = fd;
    }
    freeaddrinfo(res);
    if (!vnc.nlisten) {
        error_report("Failed to find an available port: %s", strerror(err ? err : EADDRNOTAVAIL));
        return -(err ? err : EADDRNOTAVAIL);
    }
    return 0;
}

int vnc_start(const VncConfig *cfg, Console *con)
{
    static char *no_passwords[] = { NULL };
    int argc = 0, ret = 0;
    DisplaySurface *s = console_surface(con);

    if (vnc.running)
        return 0;
    if (cfg->reverse) {
        error_report("-vnc %s: reverse=on is not supported yet", cfg->arg);
        return -ENOTSUP;
    }
    if (cfg->websocket_port >= 0) {
        error_report("-vnc %s: websocket is not supported yet", cfg->arg);
        return -ENOTSUP;
    }
    vnc.con = con;
    vnc.auth = cfg->password;
    vnc.running = true;
    snprintf(vnc.where, sizeof(vnc.where), "none");
    if (cfg->kind == VNC_NONE)
        return 0;           /* a server without a listener, as QEMU's -vnc none */
    if (cfg->kind == VNC_UNIX)
        ret = listen_unix(cfg->path);
    else
        ret = listen_tcp(cfg->host, cfg->port);
    if (ret < 0)
        goto fail;

    /* A client writing to a closed connection must not kill Vireo. */
    signal(SIGPIPE, SIG_IGN);
    rfbLogEnable(0);
    vnc.fb_w = s->width;
    vnc.fb_h = s->height;
    vnc.fb = calloc((size_t)s->width * (size_t)s->height, 4);
    vnc.screen = rfbGetScreen(&argc, NULL, s->width, s->height, 8, 3, 4);
    if (!vnc.fb || !vnc.screen) {
        error_report("cannot start the VNC server: out of memory");
        ret = -ENOMEM;
        goto fail;
    }
    vnc.screen->frameBuffer = (char *)vnc.fb;
    vnc.screen->desktopName = "Vireo";
    vnc.screen->alwaysShared = TRUE;
    vnc.screen->port = 0;           /* Vireo listens itself */
    vnc.screen->ipv6port = 0;
    vnc.screen->maxClientWait = VNC_CLIENT_WAIT_MS;
    vnc.screen->kbdAddEvent = vnc_key;
    vnc.screen->ptrAddEvent = vnc_pointer;
    vnc.screen->newClientHook = vnc_new_client;
    if (cfg->password) {
        /* Any non-NULL list makes libvncserver offer VNC authentication. */
        vnc.screen->authPasswdData = no_passwords;
        vnc.screen->passwordCheck = vnc_check_password;
    }
    rfbRegisterProtocolExtension(&qemu_key_extension);
    rfbInitServer(vnc.screen);
    copy_rect(s, 0, 0, s->width, s->height);

    vnc.dcl.gfx_switch = vnc_gfx_switch;
    vnc.dcl.gfx_update = vnc_gfx_update;
    console_register_listener(con, &vnc.dcl);
    ret = -pthread_create(&vnc.thread, NULL, vnc_thread, NULL);
    if (ret < 0) {
        error_report("cannot start the VNC server thread: %s", strerror(-ret));
        console_unregister_listener(&vnc.dcl);
        goto fail;
    }
    return 0;
fail:
    for (int i = 0; i < vnc.nlisten; i++)
        close(vnc.listen_fd[i]);
    vnc.nlisten = 0;
    vnc.running = false;
    return ret;
}

void vnc_info(FILE *out)
{
    if (!vnc.running) {
        fprintf(out, "VNC server not started\n");
        return;
    }
    fprintf(out, "default:\n");
    if (vnc.nlisten)
        fprintf(out, "  Server: %s\n    Auth: %s (Sub: none)\n", vnc.where, vnc.auth ? "vnc" : "none");
    if (!vnc.nclients)
        fprintf(out, "  Client: none\n");
    else
        fprintf(out, "  Clients: %d\n", vnc.nclients);
}

int vnc_set_password(const char *password)
{
    if (!vnc.running)
        return -ENODEV;
    if (!vnc.auth)
        return -EINVAL;     /* QEMU: "Could not set password" without password=on */
    snprintf(vnc.password, sizeof(vnc.password), "%s", password);
    vnc.password_set = true;
    return 0;
}
