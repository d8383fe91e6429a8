"""JPG uploads: decoded under a pixel limit, nothing after the end marker, and
stored only as our own re-encoding of the pixels."""

import warnings
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .refusals import refusal

JPEG_MAGIC = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"


def jpeg_clean(name: str, data: bytes) -> bytes:
    """Decode under the pixel limit, then re-encode: no metadata survives."""
    broken = refusal(
        "jpg_broken",
        _(
            "«%(name)s» es un JPG dañado o incompleto. Tome o guarde la foto de "
            "nuevo y "
            "cárguela."
        )
        % {"name": name},
    )
    limit = settings.UPLOAD_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data), formats=["JPEG"])
            width, height = image.size
            if width * height > limit:
                raise Image.DecompressionBombError
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise refusal(
                "jpg_pixels",
                _(
                    "«%(name)s» tiene demasiados píxeles; el máximo es %(limit)s "
                    "megapíxeles. Reduzca el tamaño de la foto y cárguela de nuevo."
                )
                % {"name": name, "limit": limit // 1_000_000},
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise broken from None
    # Decoded cleanly, yet bytes follow the end marker: a polyglot, not a photo.
    if not data.rstrip(b"\0").endswith(JPEG_END):
        raise refusal(
            "jpg_trailing",
            _(
                "«%(name)s» tiene datos ocultos después del final de la imagen. "
                "Vuelva a "
                "guardar la foto como JPG y cárguela de nuevo."
            )
            % {"name": name},
        )
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Only our own encoding of the pixels is stored: none of the uploaded segments
    # (Pillow would copy the comment, which can carry a whole PDF: a polyglot).
    image.info = {}
    output = BytesIO()
    image.save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()
