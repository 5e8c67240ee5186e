"""Cleaning of uploaded pictures: decoded by content, re-encoded upright and without metadata.

Whatever the upload carried besides the pixels (EXIF with GPS positions, comments, a second file
appended after the image) is dropped, because only a freshly encoded copy is ever stored.
"""

from __future__ import annotations

import io
import re

from PIL import Image, ImageOps, UnidentifiedImageError

from thidua.core.errors import InvalidInput

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 1600
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
NOT_AN_IMAGE = "Tệp tải lên không phải là ảnh hợp lệ (chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF còn nguyên vẹn)."
#: Markup or code hidden inside a picture (a polyglot) is refused even when the picture decodes.
_POLYGLOT = re.compile(rb"<\s*(script|html|svg|iframe|object|body|\?php)|javascript:", re.IGNORECASE)


def _trailing_data(data: bytes, fmt: str) -> bool:
    """Bytes after the end of the image (where polyglots hide a second file)."""
    if fmt == "PNG":
        end = data.rfind(b"IEND")
        return end == -1 or len(data[end + 8 :].strip(b"\x00")) > 0
    if fmt == "JPEG":
        return len(data.rstrip(b"\x00\r\n ")) > 0 and not data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")
    return False


def _decoded_image(data: bytes) -> tuple[Image.Image, str]:
    """Open and fully decode the bytes, by content (never by the file name)."""
    if _POLYGLOT.search(data):
        raise InvalidInput(NOT_AN_IMAGE + " Tệp có chứa mã lệnh.", fields={"image": "polyglot"})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            if fmt not in IMAGE_FORMATS:
                raise InvalidInput(NOT_AN_IMAGE, fields={"image": "format"})
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise InvalidInput("Ảnh quá lớn (quá 40 triệu điểm ảnh).", fields={"image": "too_large"})
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()  # a truncated file fails here
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidInput(NOT_AN_IMAGE, fields={"image": "invalid"}) from exc
    if _trailing_data(data, fmt):
        raise InvalidInput(NOT_AN_IMAGE + " Tệp có dữ liệu lạ sau phần ảnh.", fields={"image": "polyglot"})
    return image, fmt


def clean_image_bytes(data: bytes) -> tuple[bytes, str, int, int]:
    """Re-encode an uploaded picture: upright, at most 1600 px, without EXIF or other metadata."""
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(
            f"Ảnh quá lớn: {len(data) / 1048576:.1f} MB, tối đa {MAX_IMAGE_BYTES // 1048576} MB.",
            fields={"image": "too_large"},
        )
    if not data:
        raise InvalidInput("Chưa chọn tệp ảnh hoặc tệp rỗng.", fields={"image": "required"})
    image, fmt = _decoded_image(data)
    image = ImageOps.exif_transpose(image) or image
    image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    has_alpha = image.mode in ("RGBA", "LA", "P") and fmt in ("PNG", "GIF", "WEBP")
    out = io.BytesIO()
    if has_alpha:
        clean = Image.new("RGBA", image.size)
        clean.paste(image.convert("RGBA"))
        clean.save(out, format="PNG", optimize=True)
        content_type = "image/png"
    else:
        clean = Image.new("RGB", image.size)
        clean.paste(image.convert("RGB"))
        clean.save(out, format="JPEG", quality=85, optimize=True)
        content_type = "image/jpeg"
    return out.getvalue(), content_type, clean.width, clean.height
