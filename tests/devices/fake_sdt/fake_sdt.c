/*
 * A fake resident ID card reader for tests: the vendor "SDT" API (SDT_OpenPort,
 * SDT_ClosePort, SDT_StartFindIDCard, SDT_SelectIDCard, SDT_ReadBaseMsg) and the WLT photo
 * decoder (unpack), plus test-control functions (fake_*) that put a card on the reader, take
 * it off, unplug the reader, inject failures and count calls.
 *
 * It behaves like the real thing where our wrapper depends on it:
 *   - calls on a port that is not open (or after the reader was "unplugged") return 0x02;
 *   - once a card has been selected it no longer answers SDT_StartFindIDCard (0x80) while
 *     SDT_SelectIDCard keeps answering 0x90 — real readers do that, which is why the wrapper
 *     treats "find OR select succeeds" as "the card is still there";
 *   - SDT_ReadBaseMsg needs a selected card.
 *
 * Its "WLT" photo format is ours: "FWLT", then the BGR colour of the top half and the BGR
 * colour of the bottom half of the picture (10 bytes, the rest of the 1024 is ignored).
 * unpack() turns it into a complete 24-bit bottom-up BMP file image of 102x126 pixels
 * (54-byte header + 126 rows x 308 bytes = 38862 bytes) and returns 1; anything else is
 * refused with -1.
 *
 * Every function takes one mutex: the reader's thread and the test's thread call in at once.
 * Build with -DFAKE_OMIT_SELECT or -DFAKE_OMIT_UNPACK for a library that lacks that symbol.
 */

#include <pthread.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

#define MAX_TEXT 4096
#define MAX_WLT 4096
#define BMP_WIDTH 102
#define BMP_HEIGHT 126
#define BMP_ROW 308 /* 102 * 3 = 306, padded to a multiple of 4 */
#define BMP_HEADER 54
#define BMP_SIZE (BMP_HEADER + BMP_HEIGHT * BMP_ROW)

#define SDT_OK 0x90
#define SDT_FOUND 0x9F
#define SDT_NOT_FOUND 0x80
#define SDT_SELECT_FAILED 0x81
#define SDT_READ_FAILED 0x41
#define SDT_PORT_OPEN_FAILED 0x01
#define SDT_NO_ANSWER 0x02

enum { F_OPEN, F_CLOSE, F_FIND, F_SELECT, F_READ, F_UNPACK, F_COUNT };

static const char *const function_names[F_COUNT] = {
    "SDT_OpenPort", "SDT_ClosePort", "SDT_StartFindIDCard", "SDT_SelectIDCard",
    "SDT_ReadBaseMsg", "unpack",
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
    int port_ok;                /* 0: the reader is unplugged */
    int open_port;              /* the open port, 0 when none */
    int card_present;
    int card_selected;
    int find_answers_selected;  /* 1: a selected card still answers SDT_StartFindIDCard */
    unsigned char text[MAX_TEXT];
    int text_len;
    unsigned char wlt[MAX_WLT];
    int wlt_len;
    int calls[F_COUNT];
    int fail_code[F_COUNT];
    int fail_times[F_COUNT];
    int if_open_violations;     /* calls with iIfOpen != 0 */
} state = {.port_ok = 1};

static int function_index(const char *name)
{
    int i;
    if (name == NULL)
        return -1;
    for (i = 0; i < F_COUNT; i++)
        if (strcmp(name, function_names[i]) == 0)
            return i;
    return -1;
}

/* Count the call; if a failure was injected for it, return 1 and put its code in *code. */
static int enter(int function, int *code)
{
    state.calls[function]++;
    if (state.fail_times[function] > 0) {
        state.fail_times[function]--;
        *code = state.fail_code[function];
        return 1;
    }
    return 0;
}

static int port_ready(int port, int if_open)
{
    if (if_open != 0)
        state.if_open_violations++;
    return state.port_ok && state.open_port != 0 && port == state.open_port;
}

static int valid_port(int port)
{
    return (port >= 1 && port <= 16) || (port >= 1001 && port <= 1016);
}

/* ---- the vendor API ---------------------------------------------------------------- */

EXPORT int SDT_OpenPort(int port)
{
    int code = SDT_OK;
    pthread_mutex_lock(&lock);
    if (!enter(F_OPEN, &code)) {
        if (!state.port_ok || !valid_port(port)) {
            code = SDT_PORT_OPEN_FAILED;
        } else {
            state.open_port = port;
        }
    }
    pthread_mutex_unlock(&lock);
    return code;
}

EXPORT int SDT_ClosePort(int port)
{
    int code = SDT_OK;
    pthread_mutex_lock(&lock);
    if (!enter(F_CLOSE, &code)) {
        if (state.open_port == port && port != 0)
            state.open_port = 0;
        else
            code = SDT_NO_ANSWER;
    }
    pthread_mutex_unlock(&lock);
    return code;
}

EXPORT int SDT_StartFindIDCard(int port, unsigned char *mana_info, int if_open)
{
    int code = SDT_NOT_FOUND;
    pthread_mutex_lock(&lock);
    if (!enter(F_FIND, &code)) {
        if (!port_ready(port, if_open)) {
            code = SDT_NO_ANSWER;
        } else if (state.card_present
                   && (!state.card_selected || state.find_answers_selected)) {
            memset(mana_info, 0, 8);
            code = SDT_FOUND;
        }
    }
    pthread_mutex_unlock(&lock);
    return code;
}

#ifndef FAKE_OMIT_SELECT
EXPORT int SDT_SelectIDCard(int port, unsigned char *mana_msg, int if_open)
{
    int code = SDT_SELECT_FAILED;
    pthread_mutex_lock(&lock);
    if (!enter(F_SELECT, &code)) {
        if (!port_ready(port, if_open)) {
            code = SDT_NO_ANSWER;
        } else if (state.card_present) {
            memset(mana_msg, 0, 8);
            state.card_selected = 1;
            code = SDT_OK;
        }
    }
    pthread_mutex_unlock(&lock);
    return code;
}
#endif

EXPORT int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len,
                           unsigned char *photo, unsigned int *photo_len, int if_open)
{
    int code = SDT_READ_FAILED;
    pthread_mutex_lock(&lock);
    if (!enter(F_READ, &code)) {
        if (!port_ready(port, if_open)) {
            code = SDT_NO_ANSWER;
        } else if (state.card_present && state.card_selected) {
            memcpy(text, state.text, (size_t)state.text_len);
            *text_len = (unsigned int)state.text_len;
            memcpy(photo, state.wlt, (size_t)state.wlt_len);
            *photo_len = (unsigned int)state.wlt_len;
            code = SDT_OK;
        }
    }
    pthread_mutex_unlock(&lock);
    return code;
}

/* ---- the photo decoder ------------------------------------------------------------- */

#ifndef FAKE_OMIT_UNPACK
static void put_le32(unsigned char *at, unsigned int value)
{
    at[0] = (unsigned char)(value & 0xFF);
    at[1] = (unsigned char)((value >> 8) & 0xFF);
    at[2] = (unsigned char)((value >> 16) & 0xFF);
    at[3] = (unsigned char)((value >> 24) & 0xFF);
}

EXPORT int unpack(char *src_wlt, char *dst_bmp, int bmp_save)
{
    const unsigned char *src = (const unsigned char *)src_wlt;
    unsigned char *dst = (unsigned char *)dst_bmp;
    int code = 1;
    int row, column;
    (void)bmp_save; /* the real decoder writes zp.bmp when asked; we never are */
    pthread_mutex_lock(&lock);
    if (!enter(F_UNPACK, &code)) {
        if (memcmp(src, "FWLT", 4) != 0) {
            code = -1;
        } else {
            memset(dst, 0, BMP_SIZE);
            dst[0] = 'B';
            dst[1] = 'M';
            put_le32(dst + 2, BMP_SIZE);
            put_le32(dst + 10, BMP_HEADER);
            put_le32(dst + 14, 40);              /* BITMAPINFOHEADER */
            put_le32(dst + 18, BMP_WIDTH);
            put_le32(dst + 22, BMP_HEIGHT);      /* positive: bottom-up rows */
            dst[26] = 1;                         /* planes */
            dst[28] = 24;                        /* bits per pixel */
            put_le32(dst + 34, BMP_HEIGHT * BMP_ROW);
            put_le32(dst + 38, 3780);            /* 96 dpi */
            put_le32(dst + 42, 3780);
            for (row = 0; row < BMP_HEIGHT; row++) {
                /* file row 0 is the bottom line of the picture */
                const unsigned char *bgr = row < BMP_HEIGHT / 2 ? src + 7 : src + 4;
                unsigned char *line = dst + BMP_HEADER + row * BMP_ROW;
                for (column = 0; column < BMP_WIDTH; column++)
                    memcpy(line + 3 * column, bgr, 3);
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return code;
}
#endif

/* ---- test control ------------------------------------------------------------------ */

EXPORT void fake_reset(void)
{
    pthread_mutex_lock(&lock);
    memset(&state, 0, sizeof state);
    state.port_ok = 1;
    pthread_mutex_unlock(&lock);
}

/* Put a card on the reader (replacing any card there). Returns 0, or -1 if too long. */
EXPORT int fake_put_card(const unsigned char *text, int text_len,
                         const unsigned char *wlt, int wlt_len)
{
    int result = -1;
    pthread_mutex_lock(&lock);
    if (text_len >= 0 && text_len <= MAX_TEXT && wlt_len >= 0 && wlt_len <= MAX_WLT) {
        memcpy(state.text, text, (size_t)text_len);
        state.text_len = text_len;
        memcpy(state.wlt, wlt, (size_t)wlt_len);
        state.wlt_len = wlt_len;
        state.card_present = 1;
        state.card_selected = 0;
        result = 0;
    }
    pthread_mutex_unlock(&lock);
    return result;
}

EXPORT void fake_take_card(void)
{
    pthread_mutex_lock(&lock);
    state.card_present = 0;
    state.card_selected = 0;
    pthread_mutex_unlock(&lock);
}

/* The next `times` calls of `function` return `code` and do nothing else. -1: no such name. */
EXPORT int fake_fail_next(const char *function, int code, int times)
{
    int index = function_index(function);
    if (index < 0)
        return -1;
    pthread_mutex_lock(&lock);
    state.fail_code[index] = code;
    state.fail_times[index] = times;
    pthread_mutex_unlock(&lock);
    return 0;
}

/* 0 unplugs the reader: the open port is lost and SDT_OpenPort fails until set back to 1. */
EXPORT void fake_set_port_ok(int ok)
{
    pthread_mutex_lock(&lock);
    state.port_ok = ok;
    if (!ok) {
        state.open_port = 0;
        state.card_selected = 0;
    }
    pthread_mutex_unlock(&lock);
}

EXPORT void fake_set_find_answers_selected(int answers)
{
    pthread_mutex_lock(&lock);
    state.find_answers_selected = answers;
    pthread_mutex_unlock(&lock);
}

/* How many times `function` was called since the last reset; -1: no such name. */
EXPORT int fake_calls(const char *function)
{
    int index = function_index(function);
    int count;
    if (index < 0)
        return -1;
    pthread_mutex_lock(&lock);
    count = state.calls[index];
    pthread_mutex_unlock(&lock);
    return count;
}

EXPORT int fake_if_open_violations(void)
{
    int count;
    pthread_mutex_lock(&lock);
    count = state.if_open_violations;
    pthread_mutex_unlock(&lock);
    return count;
}

EXPORT int fake_open_port(void)
{
    int port;
    pthread_mutex_lock(&lock);
    port = state.open_port;
    pthread_mutex_unlock(&lock);
    return port;
}
