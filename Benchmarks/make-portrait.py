#!/usr/bin/env python3
"""Writes the 640x480 one-face portrait the vision benchmark uses: a crop of
a test photo around its face, resized (Pillow, a benchmark-time tool only)."""
import sys

from PIL import Image

source, target = sys.argv[1], sys.argv[2]
image = Image.open(source).convert("RGB")
# obama.jpg (910x1137): a 4:3 window around the face, then 640x480.
crop = image.crop((120, 60, 880, 630)).resize((640, 480), Image.LANCZOS)
crop.save(target, quality=92)
