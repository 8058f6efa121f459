"""Generated illustrations for the demo content, so the repository ships no binaries."""

import io
import math

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

# The site's palette: blues and a teal accent, see home/static/home/css/site.css.
PALETTES = [
    ((0, 61, 122), (0, 120, 170)),
    ((0, 92, 99), (42, 157, 143)),
    ((40, 53, 99), (90, 110, 180)),
    ((70, 70, 80), (0, 104, 150)),
]


def render_illustration(seed, width=1600, height=900):
    """Return PNG bytes of an abstract pattern: a gradient with circles, varied by seed."""
    start, end = PALETTES[seed % len(PALETTES)]
    image = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / (width - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    for i in range(7):
        angle = (seed * 0.9 + i) * 1.3
        cx = width * (0.5 + 0.4 * math.cos(angle))
        cy = height * (0.5 + 0.4 * math.sin(angle * 1.7))
        radius = 60 + ((seed + i) * 37) % 220
        draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius],
            outline=(255, 255, 255),
            width=6,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def get_or_create_illustration(image_model, title, description, seed):
    image = image_model.objects.filter(title=title).first()
    if image is None:
        data = render_illustration(seed)
        image = image_model(title=title, description=description)
        image.file = ImageFile(io.BytesIO(data), name=f"demo-{seed}.png")
        image.save()
    return image


def illustration(title, seed):
    """The demo illustration of this seed, described by the page that shows it."""
    return get_or_create_illustration(
        get_image_model(), title=f"Illustration {seed + 1}", description=title, seed=seed
    )
