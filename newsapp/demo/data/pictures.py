"""Pictures for the demo content, drawn with Pillow: no downloads, no stock photos.

Featured images are abstract scenes (a globe, a skyline, dunes, islands, a chart, speech
bubbles) on a gradient, one scene per section, coloured from a seed so every article differs.
Author photos are initials on a coloured disc. Both come back as JPEG bytes with a plain
description, so the alt text says what is really in the picture.
"""

import colorsys
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

FEATURED_SIZE = (1200, 675)
PORTRAIT_SIZE = (400, 400)

COLOUR_NAMES = [  # (upper hue bound in degrees, name)
    (15, "red"), (40, "orange"), (60, "amber"), (80, "yellow"), (150, "green"),
    (190, "teal"), (240, "blue"), (270, "indigo"), (300, "violet"), (335, "magenta"),
    (360, "red"),
]  # fmt: skip


def featured_picture(*, seed, scene, label, site_name):
    """Return (JPEG bytes, description) for a 1200×675 illustration.

    `scene` is one of SCENES; `label` and `site_name` are written on the picture.
    """
    rng = random.Random(seed)
    hue = rng.random()
    bottom_hue = (hue + rng.uniform(0.08, 0.2)) % 1
    top = _colour(hue, 0.28, 0.55)
    bottom = _colour(bottom_hue, 0.55, 0.6)
    accent = _colour((hue + 0.5) % 1, 0.62, 0.85)
    image = _gradient(FEATURED_SIZE, top, bottom)
    overlay = Image.new("RGBA", FEATURED_SIZE, (0, 0, 0, 0))
    draw_scene, what = SCENES[scene]
    draw_scene(ImageDraw.Draw(overlay), rng, accent)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    _caption_band(image, label=label, site_name=site_name)
    top_name, bottom_name = _colour_name(hue), _colour_name(bottom_hue)
    if top_name == bottom_name:
        background = f"a background in shades of {top_name}"
    else:
        background = f"a background shading from {top_name} to {bottom_name}"
    description = f"Illustration: {what}, against {background}, with the words “{label}”."

    return _jpeg(image), description


def portrait(*, initials, colours):
    """Return JPEG bytes of a square avatar: `initials` in colours[1] on a colours[0] disc."""
    background, foreground = colours
    image = _gradient(PORTRAIT_SIZE, _lighten(background, 0.25), background)
    draw = ImageDraw.Draw(image)
    width, height = PORTRAIT_SIZE
    draw.ellipse((24, 24, width - 24, height - 24), outline=foreground, width=6)
    font = ImageFont.load_default(size=150)
    draw.text((width / 2, height / 2), initials, font=font, fill=foreground, anchor="mm")
    return _jpeg(image)


def _globe(draw, rng, accent):
    cx, cy, r = rng.randint(700, 900), rng.randint(300, 360), rng.randint(220, 270)
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r), fill=(*accent, 70), outline=(*accent, 220), width=4
    )
    for step in range(1, 6):  # meridians
        half = r * step / 6
        draw.ellipse((cx - half, cy - r, cx + half, cy + r), outline=(255, 255, 255, 110), width=2)
    for step in range(-2, 3):  # parallels
        y = cy + step * r / 3
        half = math.sqrt(max(r**2 - (y - cy) ** 2, 0))
        draw.line((cx - half, y, cx + half, y), fill=(255, 255, 255, 110), width=2)
    for _ in range(5):  # a few cities joined by routes
        angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(0, r * 0.8)
        x, y = cx + dist * math.cos(angle), cy + dist * math.sin(angle)
        draw.line((cx, cy, x, y), fill=(*accent, 200), width=3)
        draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=(255, 255, 255, 230))


def _skyline(draw, rng, accent):
    x = 0
    while x < FEATURED_SIZE[0]:
        width, height = rng.randint(60, 140), rng.randint(160, 430)
        top = FEATURED_SIZE[1] - height
        draw.rectangle((x, top, x + width - 6, FEATURED_SIZE[1]), fill=(15, 20, 35, 170))
        for wy in range(top + 20, FEATURED_SIZE[1] - 20, 34):
            for wx in range(x + 12, x + width - 20, 24):
                if rng.random() < 0.45:
                    draw.rectangle((wx, wy, wx + 10, wy + 14), fill=(*accent, 210))
        x += width
    draw.arc((150, 380, 1050, 900), 200, 340, fill=(255, 255, 255, 150), width=8)  # a bridge


def _dunes(draw, rng, accent):
    sx, sy, sr = rng.randint(250, 950), rng.randint(140, 240), rng.randint(70, 110)
    draw.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), fill=(*accent, 230))
    width, height = FEATURED_SIZE
    for layer in range(4):
        base = 380 + layer * 80
        phase, amplitude = rng.uniform(0, math.pi * 2), rng.randint(25, 60)
        points = [(0, height)]
        for x in range(0, width + 40, 40):
            points.append((x, base + amplitude * math.sin(x / 170 + phase)))
        points.append((width, height))
        shade = 40 + layer * 25
        draw.polygon(points, fill=(shade + 60, shade + 35, shade, 120 + layer * 30))


def _islands(draw, rng, accent):
    width, height = FEATURED_SIZE
    horizon = 400
    draw.rectangle((0, horizon, width, height), fill=(10, 40, 70, 120))
    for _ in range(rng.randint(3, 5)):
        cx, w, h = rng.randint(80, 1120), rng.randint(120, 300), rng.randint(40, 120)
        draw.ellipse((cx - w / 2, horizon - h, cx + w / 2, horizon + h), fill=(20, 70, 45, 200))
    draw.rectangle((0, horizon, width, height), fill=(10, 50, 90, 150))
    for row in range(8):
        y = horizon + 30 + row * 32
        points = [(x, y + 6 * math.sin(x / 40 + row)) for x in range(0, width + 20, 20)]
        draw.line(points, fill=(255, 255, 255, 90), width=2)
    bx = rng.randint(200, 1000)  # a small boat
    draw.polygon([(bx - 50, 470), (bx + 50, 470), (bx + 35, 495), (bx - 35, 495)], fill=accent)
    draw.polygon([(bx, 395), (bx, 465), (bx + 40, 465)], fill=(255, 255, 255, 230))


def _chart(draw, rng, accent):
    width, height = FEATURED_SIZE
    for y in range(120, height - 80, 70):
        draw.line((80, y, width - 80, y), fill=(255, 255, 255, 60), width=1)
    values = [rng.uniform(0.2, 0.95) for _ in range(10)]
    bar = (width - 200) / len(values)
    for index, value in enumerate(values):
        x = 100 + index * bar
        draw.rectangle(
            (x, height - 90 - value * 420, x + bar * 0.6, height - 90), fill=(*accent, 150)
        )
    line = [(100 + (i + 0.3) * bar, height - 90 - v * 420 - 40) for i, v in enumerate(values)]
    draw.line(line, fill=(255, 255, 255, 230), width=5, joint="curve")
    for x, y in line:
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(255, 255, 255, 255))


def _speech(draw, rng, accent):
    for _ in range(4):
        x, y = rng.randint(60, 800), rng.randint(60, 380)
        w, h = rng.randint(260, 380), rng.randint(140, 200)
        draw.rounded_rectangle((x, y, x + w, y + h), radius=36, fill=(255, 255, 255, 70))
        draw.polygon(
            [(x + 50, y + h), (x + 90, y + h), (x + 40, y + h + 50)], fill=(255, 255, 255, 70)
        )
    font = ImageFont.load_default(size=420)
    draw.text((1130, 330), "\u201c", font=font, fill=(*accent, 220), anchor="rm")


SCENES = {
    "globe": (_globe, "a stylised globe crossed by meridians and routes"),
    "skyline": (_skyline, "a city skyline at dusk with lit windows and a bridge"),
    "dunes": (_dunes, "a low sun over layered desert hills"),
    "islands": (_islands, "green islands on a rippled sea with a small sailing boat"),
    "chart": (_chart, "a bar chart with a rising and falling line"),
    "speech": (_speech, "overlapping speech bubbles and a large quotation mark"),
}


def _caption_band(image, *, label, site_name):
    draw = ImageDraw.Draw(image, "RGBA")  # blend the band over the scene
    width, height = image.size
    draw.rectangle((0, height - 70, width, height), fill=(0, 0, 0, 150))
    draw.text(
        (40, height - 35), label, font=ImageFont.load_default(size=34), fill="white", anchor="lm"
    )
    small = ImageFont.load_default(size=22)
    draw.text((width - 40, height - 35), site_name.upper(), font=small, fill="#dddddd", anchor="rm")


def _gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _colour(hue, lightness, saturation):
    return tuple(
        round(channel * 255) for channel in colorsys.hls_to_rgb(hue, lightness, saturation)
    )


def _lighten(hex_colour, amount):
    rgb = Image.new("RGB", (1, 1), hex_colour).getpixel((0, 0))
    return tuple(round(channel + (255 - channel) * amount) for channel in rgb)


def _colour_name(hue):
    degrees = hue * 360
    return next(name for bound, name in COLOUR_NAMES if degrees < bound)


def _jpeg(image):
    output = io.BytesIO()
    image.convert("RGB").save(output, "JPEG", quality=85)
    return output.getvalue()
