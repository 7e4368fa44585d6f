// Design note: libpng signals errors by longjmp from its error callback. The
// only setjmp is in `run`, and between it and the callback there are only C
// frames (libpng's own), so no Swift frame is ever skipped. Pixels are read
// row by row straight into the caller's buffer through row pointers.
#include "PNGReader.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    jmp_buf jump;
    char message[160];
} reader_state;

static void on_error(png_structp png, png_const_charp text) {
    reader_state *state = (reader_state *)png_get_error_ptr(png);
    strncpy(state->message, text ? text : "libpng error", sizeof(state->message) - 1);
    state->message[sizeof(state->message) - 1] = 0;
    longjmp(state->jump, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    // Warnings (bad ancillary chunks, CRC in optional data) do not stop a decode.
    (void)png;
    (void)text;
}

static void on_read(png_structp png, png_bytep out, size_t length) {
    reader_state *state = (reader_state *)png_get_io_ptr(png);
    if (length > state->size - state->offset) png_error(png, "truncated PNG data");
    memcpy(out, state->data + state->offset, length);
    state->offset += length;
}

// Sets the transforms that turn every PNG colour type and depth into 8-bit RGBA.
static void configure_transforms(png_structp png, png_infop info) {
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (depth == 16) png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_set_filler(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
}

typedef struct {
    uint32_t max_side;
    uint8_t *out;
    size_t out_size;
    png_reader_info *info;
} run_request;

static png_reader_status run(const uint8_t *data, size_t size, run_request *request,
                             char *message, size_t message_size) {
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) return PNG_READER_NOT_PNG;
    reader_state state = {data, size, 8, {{0}}, {0}};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (!png) return PNG_READER_NO_MEMORY;
    png_infop info = png_create_info_struct(png);
    // `volatile` because both are read after a longjmp back into this frame.
    png_bytep *volatile rows = NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return PNG_READER_NO_MEMORY;
    }
    volatile png_reader_status status = PNG_READER_CORRUPT;
    if (setjmp(state.jump)) {
        if (message && message_size) {
            strncpy(message, state.message, message_size - 1);
            message[message_size - 1] = 0;
        }
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return status;
    }
    png_set_read_fn(png, &state, on_read);
    png_set_sig_bytes(png, 8);
    png_set_user_limits(png, request->max_side, request->max_side);
    png_read_info(png, info);
    uint32_t width = png_get_image_width(png, info);
    uint32_t height = png_get_image_height(png, info);
    if (request->info) {
        request->info->width = width;
        request->info->height = height;
    }
    if (request->out) {
        configure_transforms(png, info);
        size_t stride = (size_t)width * 4;
        if (png_get_rowbytes(png, info) != stride || stride * height > request->out_size) {
            status = PNG_READER_TOO_LARGE;
            png_error(png, "output buffer does not match the image");
        }
        rows = malloc(sizeof(png_bytep) * height);
        if (!rows) {
            status = PNG_READER_NO_MEMORY;
            png_error(png, "out of memory");
        }
        for (uint32_t y = 0; y < height; y++) rows[y] = request->out + y * stride;
        png_read_image(png, rows);
    }
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return PNG_READER_OK;
}

png_reader_status png_reader_probe(const uint8_t *data, size_t size, png_reader_info *info) {
    run_request request = {0x7fffffff, NULL, 0, info};
    return run(data, size, &request, NULL, 0);
}

png_reader_status png_reader_decode(const uint8_t *data, size_t size, uint32_t max_side,
                                    uint8_t *out, size_t out_size,
                                    char *message, size_t message_size) {
    run_request request = {max_side, out, out_size, NULL};
    return run(data, size, &request, message, message_size);
}
