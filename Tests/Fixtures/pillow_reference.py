#!/usr/bin/env python3
"""Reference pixels for the ImageDecoding tests, from Pillow (installed with
pip at test time; never a runtime dependency).

  pillow_reference.py decode IMAGE OUT.rgb [--transpose]
      decoded pixels as raw RGB after an 8-byte header (u32 width, u32 height,
      little-endian); --transpose applies the EXIF orientation first.
  pillow_reference.py variants PHOTO OUTDIR
      re-encodes a crop of PHOTO in every PNG/BMP/JPEG variant the decoder
      supports, each NAME.EXT beside NAME.rgb holding the expected pixels.
"""
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
    write_rgb(out / "top_down32.rgb", w, h, crop.tobytes())
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
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        data = composite_on_black(image.convert("RGBA"))
    else:
        data = image.convert("RGB").tobytes()
    write_rgb(target, image.width, image.height, data)


if __name__ == "__main__":
    if sys.argv[1] == "decode":
        decode(sys.argv[2], sys.argv[3], "--transpose" in sys.argv[4:])
    elif sys.argv[1] == "variants":
        variants(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown mode {sys.argv[1]}")
