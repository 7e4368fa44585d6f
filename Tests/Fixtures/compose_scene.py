#!/usr/bin/env python3
"""Makes test photos the fixtures do not have: group-like scenes of small
faces, composed with Pillow from the fixture photos (never committed).

  compose_scene.py OUT.png WIDTH HEIGHT BACKGROUND [PHOTO:L:T:R:B:SCALE:X:Y ...]

BACKGROUND (a fixture photo) is scaled to cover WIDTH x HEIGHT and blurred;
from each PHOTO the box L,T..R,B is cut, scaled by SCALE (area-averaged, as
a camera farther away would see it) and pasted with its top-left corner at
(X, Y).
"""
import sys

from PIL import Image, ImageFilter


def main(out, width, height, background, placements):
    base = Image.open(background).convert("RGB")
    cover = max(width / base.width, height / base.height)
    base = base.resize((max(width, round(base.width * cover)), max(height, round(base.height * cover))),
                       Image.Resampling.BOX).crop((0, 0, width, height)).filter(ImageFilter.GaussianBlur(3))
    for placement in placements:
        path, left, top, right, bottom, scale, x, y = placement.rsplit(":", 7)
        photo = Image.open(path).convert("RGB")
        photo = photo.crop((int(left), int(top), min(int(right), photo.width), min(int(bottom), photo.height)))
        size = (max(1, round(photo.width * float(scale))), max(1, round(photo.height * float(scale))))
        base.paste(photo.resize(size, Image.Resampling.BOX), (int(x), int(y)))
    base.save(out)


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:])
