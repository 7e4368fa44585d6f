#!/usr/bin/env python3
"""Reference pixels for the ImageDecoding tests, from Pillow (installed with
pip at test time; never a runtime dependency).

  pillow_reference.py decode IMAGE OUT.rgb [--transpose]
      decoded pixels as raw RGB after an 8-byte header (u32 width, u32 height,
      little-endian); --transpose applies the EXIF orientation first.
  pillow_reference.py variants PHOTO OUTDIR
      re-encodes a crop of PHOTO in every PNG/BMP/JPEG variant the decoder
      supports, each NAME.EXT beside NAME.rgb holding the expected pixels.
      Variants Pillow cannot write (RLE, 4-bit, 16-bit and OS/2 BMPs, YCCK
      JPEGs) are written by hand; their expected pixels are still Pillow's
      decode of the written file.
"""
import ctypes
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageOps


def write_rgb(path, width, height, data):
    Path(path).write_bytes(struct.pack("<II", width, height) + bytes(data))


def composite_on_black(rgba):
    """What the decoder promises for alpha: c * a // 255 on each channel."""
    data = rgba.tobytes()
    out = bytearray(len(data) // 4 * 3)
    for i in range(len(data) // 4):
        a = data[4 * i + 3]
        for c in range(3):
            out[3 * i + c] = data[4 * i + c] * a // 255
    return out


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def write_png16(path, image, channels):
    """16-bit PNG by hand (Pillow cannot write 16-bit RGB): sample = v*257 + noise
    in the low byte, so only the high byte may be kept."""
    color_type = {3: 2, 4: 6}[channels]
    mode = {3: "RGB", 4: "RGBA"}[channels]
    pixels = image.convert(mode).tobytes()
    width, height = image.size
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            for c in range(channels):
                raw += struct.pack(">H", pixels[(y * width + x) * channels + c] * 256 + (x * 7 + y) % 256)
    ihdr = struct.pack(">IIBBBBB", width, height, 16, color_type, 0, 0, 0)
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
                           + png_chunk(b"IDAT", zlib.compress(bytes(raw))) + png_chunk(b"IEND", b""))


def write_bmp_v5_top_down(path, image):
    """32-bit BI_BITFIELDS BMP with a BITMAPV5HEADER and negative height."""
    width, height = image.size
    rgb = image.convert("RGB").tobytes()
    rows = bytearray()
    for i in range(0, len(rgb), 3):
        rows += bytes((rgb[i + 2], rgb[i + 1], rgb[i], 0x7F))
    info = struct.pack("<IiiHHIIiiII", 124, width, -height, 1, 32, 3, len(rows), 2835, 2835, 0, 0)
    info += struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
    info += b"BGRs" + bytes(124 - len(info) - 4)
    offset = 14 + len(info)
    Path(path).write_bytes(b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset) + info + rows)


def reference(image):
    """Pillow's pixels under the decoders' alpha rule (composited onto black)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        return composite_on_black(image.convert("RGBA"))
    return image.convert("RGB").tobytes()


def bmp_file(info, palette, pixels):
    offset = 14 + len(info) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + info + palette + pixels


def bmp_info(width, height, bits, compression, pixels, colors=0):
    return struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, compression, len(pixels), 2835, 2835, colors, 0)


def bmp_rows(width, height, row_bytes):
    """Bottom-up rows, each padded to 4 bytes; row_bytes(y) gives row y's bytes."""
    out = bytearray()
    for y in reversed(range(height)):
        row = row_bytes(y)
        out += row + bytes(-len(row) % 4)
    return bytes(out)


def bgr0_palette(image, colors):
    rgb = image.getpalette()[:3 * colors]
    return b"".join(bytes((rgb[3 * i + 2], rgb[3 * i + 1], rgb[3 * i], 0)) for i in range(colors))


def write_bmp_palette4(path, image):
    """Uncompressed 4-bit palette BMP (Pillow writes 1, 8, 24 and 32 bits only)."""
    quantized = image.quantize(16)
    w, h = quantized.size
    indices = quantized.tobytes()

    def row(y):
        line = indices[y * w:(y + 1) * w] + b"\0"
        return bytes(line[x] << 4 | line[x + 1] for x in range(0, w, 2))
    pixels = bmp_rows(w, h, row)
    Path(path).write_bytes(bmp_file(bmp_info(w, h, 4, 0, pixels, 16), bgr0_palette(quantized, 16), pixels))


def rle_row(line, bits):
    """One row as runs (3 or more equal pixels) and absolute stretches, ending in end-of-line."""
    out = bytearray()
    x = 0
    while x < len(line):
        run = 1
        while x + run < len(line) and run < 254 and line[x + run] == line[x]:
            run += 1
        if run >= 3 or len(line) - x < 3:
            out += bytes((run, line[x] * 17 if bits == 4 else line[x]))
            x += run
            continue
        end = x + 3
        while end < len(line) and end - x < 254 and not (end + 2 < len(line) and line[end] == line[end + 1] == line[end + 2]):
            end += 1
        stretch = line[x:end]
        if bits == 8:
            data = bytes(stretch)
        else:
            data = bytes(stretch[i] << 4 | (stretch[i + 1] if i + 1 < len(stretch) else 0) for i in range(0, len(stretch), 2))
        out += bytes((0, len(stretch))) + data + bytes(len(data) % 2)
        x = end
    return out + b"\0\0"


def write_bmp_rle(path, image, bits):
    """RLE8 or RLE4 BMP; the bottom row starts with a delta escape over 5 pixels (index 0)."""
    colors = 1 << bits
    quantized = image.quantize(colors)
    w, h = quantized.size
    indices = quantized.tobytes()
    stream = bytearray()
    for y in reversed(range(h)):
        line = indices[y * w:(y + 1) * w]
        if y == h - 1:
            stream += bytes((0, 2, 5, 0))
            line = line[5:]
        stream += rle_row(line, bits)
    stream += b"\0\1"
    info = bmp_info(w, h, bits, 1 if bits == 8 else 2, stream, colors)
    Path(path).write_bytes(bmp_file(info, bgr0_palette(quantized, colors), bytes(stream)))


def write_bmp16(path, image, bitfields):
    """16-bit BMP: 5-5-5 as BI_RGB, or 5-6-5 as BI_BITFIELDS."""
    w, h = image.size
    rgb = image.convert("RGB").tobytes()

    def row(y):
        out = bytearray()
        for x in range(w):
            r, g, b = rgb[3 * (y * w + x):3 * (y * w + x) + 3]
            word = (r >> 3) << 11 | (g >> 2) << 5 | b >> 3 if bitfields else (r >> 3) << 10 | (g >> 3) << 5 | b >> 3
            out += struct.pack("<H", word)
        return bytes(out)
    pixels = bmp_rows(w, h, row)
    masks = struct.pack("<III", 0xF800, 0x07E0, 0x001F) if bitfields else b""
    Path(path).write_bytes(bmp_file(bmp_info(w, h, 16, 3 if bitfields else 0, pixels) + masks, b"", pixels))


def write_bmp32(path, image, alpha_bytes, alpha_mask):
    """32-bit BMP: BI_RGB (the fourth byte is padding) or a V5 bitfields header with an alpha mask."""
    w, h = image.size
    rgb = image.convert("RGB").tobytes()

    def row(y):
        return b"".join(bytes((rgb[3 * i + 2], rgb[3 * i + 1], rgb[3 * i], alpha_bytes(i)))
                        for i in range(y * w, (y + 1) * w))
    pixels = bmp_rows(w, h, row)
    if not alpha_mask:
        Path(path).write_bytes(bmp_file(bmp_info(w, h, 32, 0, pixels), b"", pixels))
        return
    info = struct.pack("<IiiHHIIiiII", 124, w, h, 1, 32, 3, len(pixels), 2835, 2835, 0, 0)
    info += struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000) + b"BGRs"
    Path(path).write_bytes(bmp_file(info + bytes(124 - len(info) - 0), b"", pixels))


def write_bmp_os2(path, image, bits):
    """OS/2 1.x BMP (12-byte BITMAPCOREHEADER, 3-byte palette entries): 8-bit palette or 24-bit."""
    w, h = image.size
    if bits == 8:
        quantized = image.quantize(256)
        indices = quantized.tobytes()
        rgb = quantized.getpalette()[:768] + [0] * (768 - len(quantized.getpalette()[:768]))
        palette = b"".join(bytes((rgb[3 * i + 2], rgb[3 * i + 1], rgb[3 * i])) for i in range(256))
        pixels = bmp_rows(w, h, lambda y: indices[y * w:(y + 1) * w])
    else:
        data = image.convert("RGB").tobytes()
        palette = b""
        pixels = bmp_rows(w, h, lambda y: b"".join(bytes((data[3 * i + 2], data[3 * i + 1], data[3 * i]))
                                                   for i in range(y * w, (y + 1) * w)))
    info = struct.pack("<IHHHH", 12, w, h, 1, bits)
    Path(path).write_bytes(bmp_file(info, palette, pixels))


def write_ycck_jpeg(path, image):
    """A YCCK JPEG (Pillow writes CMYK only): libjpeg-turbo's TurboJPEG encodes
    CMYK pixels as YCCK. Samples are inverted, the Adobe convention."""
    tj = ctypes.CDLL("libturbojpeg.so.0")
    tj.tjInitCompress.restype = ctypes.c_void_p
    cmyk = bytes(255 - v for v in image.convert("CMYK").tobytes())
    out, size = ctypes.POINTER(ctypes.c_ubyte)(), ctypes.c_ulong(0)
    handle = ctypes.c_void_p(tj.tjInitCompress())
    tjpf_cmyk, tjsamp_444 = 11, 0
    if tj.tjCompress2(handle, cmyk, image.width, 0, image.height, tjpf_cmyk,
                      ctypes.byref(out), ctypes.byref(size), tjsamp_444, 90, 0) != 0:
        sys.exit("tjCompress2 failed")
    Path(path).write_bytes(ctypes.string_at(out, size.value))
    tj.tjFree(out)
    tj.tjDestroy(handle)


def variants(photo, outdir):
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    base = Image.open(photo).convert("RGB")
    crop = base.crop((base.width // 4, base.height // 5, base.width // 4 + 180, base.height // 5 + 150))
    w, h = crop.size

    def save(name, image, reference, **options):
        image.save(out / name, **options)
        write_rgb(out / (name.rsplit(".", 1)[0] + ".rgb"), w, h, reference)

    save("rgb8.png", crop, crop.tobytes())
    gray = crop.convert("L")
    save("gray8.png", gray, gray.convert("RGB").tobytes())
    bilevel = crop.convert("1")
    save("gray1.png", bilevel, bilevel.convert("RGB").tobytes())
    rgba = crop.copy()
    rgba.putalpha(Image.linear_gradient("L").resize((w, h)))
    save("rgba8.png", rgba, composite_on_black(rgba))
    la = rgba.convert("LA")
    save("gray_alpha.png", la, composite_on_black(la.convert("RGBA")))
    palette = crop.convert("P", palette=Image.ADAPTIVE, colors=64)
    transparent_index = palette.getpixel((0, 0))
    palette.info["transparency"] = transparent_index
    save("palette_trns.png", palette, composite_on_black(palette.convert("RGBA")), transparency=transparent_index)
    write_png16(out / "rgb16.png", crop, 3)
    write_rgb(out / "rgb16.rgb", w, h, crop.tobytes())
    write_png16(out / "rgba16.png", rgba, 4)
    write_rgb(out / "rgba16.rgb", w, h, composite_on_black(rgba))
    save("bottom_up24.bmp", crop, crop.tobytes())
    write_bmp_v5_top_down(out / "top_down32.bmp", crop)
    write_rgb(out / "top_down32.rgb", w, h, reference(Image.open(out / "top_down32.bmp")))

    def decoded_by_pillow(name):
        write_rgb(out / (name.rsplit(".", 1)[0] + ".rgb"), w, h, reference(Image.open(out / name)))

    gray.save(out / "gray_l8.bmp")
    palette.save(out / "palette8.bmp")
    bilevel.save(out / "bilevel1.bmp")
    write_bmp_palette4(out / "palette4.bmp", crop)
    write_bmp_rle(out / "rle8.bmp", crop, 8)
    write_bmp_rle(out / "rle4.bmp", crop, 4)
    write_bmp16(out / "rgb555.bmp", crop, bitfields=False)
    write_bmp16(out / "rgb565.bmp", crop, bitfields=True)
    write_bmp32(out / "bgrx32.bmp", crop, lambda i: i * 37 % 256, alpha_mask=False)
    write_bmp32(out / "alpha32.bmp", crop, lambda i: i * 7 % 256, alpha_mask=True)
    write_bmp_os2(out / "os2_8.bmp", crop, 8)
    write_bmp_os2(out / "os2_24.bmp", crop, 24)
    for name in ("gray_l8.bmp", "palette8.bmp", "bilevel1.bmp", "palette4.bmp", "rle8.bmp", "rle4.bmp",
                 "rgb555.bmp", "rgb565.bmp", "bgrx32.bmp", "alpha32.bmp", "os2_8.bmp", "os2_24.bmp"):
        decoded_by_pillow(name)
    # Alpha zero everywhere is taken as opaque (our rule; Pillow would give black).
    write_bmp32(out / "zero_alpha32.bmp", crop, lambda i: 0, alpha_mask=True)
    write_rgb(out / "zero_alpha32.rgb", w, h, crop.tobytes())

    crop.convert("CMYK").save(out / "cmyk.jpg", quality=90)
    write_ycck_jpeg(out / "ycck.jpg", crop)
    decoded_by_pillow("cmyk.jpg")
    decoded_by_pillow("ycck.jpg")
    # Complete scans without the end-of-image marker: the pixels of the whole file.
    for name, options in (("no_eoi.jpg", {}), ("progressive_no_eoi.jpg", {"progressive": True})):
        complete = out / ("complete_" + name)
        crop.save(complete, quality=90, **options)
        data = complete.read_bytes()
        assert data.endswith(b"\xff\xd9")
        (out / name).write_bytes(data[:-2])
        write_rgb(out / (name.rsplit(".", 1)[0] + ".rgb"), w, h, reference(Image.open(complete)))
    for orientation in range(1, 9):
        name = f"exif{orientation}.jpg"
        exif = Image.Exif()
        exif[0x0112] = orientation
        crop.save(out / name, quality=90, exif=exif)
        upright = ImageOps.exif_transpose(Image.open(out / name)).convert("RGB")
        write_rgb(out / f"exif{orientation}.rgb", upright.width, upright.height, upright.tobytes())


def decode(path, target, transpose):
    image = Image.open(path)
    if transpose:
        image = ImageOps.exif_transpose(image)
    write_rgb(target, image.width, image.height, reference(image))


if __name__ == "__main__":
    if sys.argv[1] == "decode":
        decode(sys.argv[2], sys.argv[3], "--transpose" in sys.argv[4:])
    elif sys.argv[1] == "variants":
        variants(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown mode {sys.argv[1]}")
