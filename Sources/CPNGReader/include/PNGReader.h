#ifndef PNG_READER_H
#define PNG_READER_H

#include <stddef.h>
#include <stdint.h>

// A longjmp-free front for libpng's classic reader. libpng reports errors by
// longjmp-ing out of its callbacks; that must never unwind through Swift
// frames, so the setjmp lives here in C and every call returns a status.

/// Outcome of a PNG read.
typedef enum {
    PNG_READER_OK = 0,
    PNG_READER_NOT_PNG = 1,
    PNG_READER_CORRUPT = 2,
    PNG_READER_TOO_LARGE = 3,
    PNG_READER_NO_MEMORY = 4
} png_reader_status;

/// Header facts read without decoding pixels.
typedef struct {
    uint32_t width;
    uint32_t height;
} png_reader_info;

/// Reads the header only (signature and IHDR): the dimensions.
png_reader_status png_reader_probe(const uint8_t *data, size_t size, png_reader_info *info);

/// Decodes to 8-bit RGBA: 16-bit samples keep their high byte, gray is
/// replicated, palettes and tRNS are expanded, opaque images get alpha 255.
/// `out` must hold width * height * 4 bytes. Refuses images whose sides
/// exceed `max_side` before allocating anything.
png_reader_status png_reader_decode(const uint8_t *data, size_t size, uint32_t max_side,
                                    uint8_t *out, size_t out_size,
                                    char *message, size_t message_size);

#endif
