"""Checks a document before rendering, so both renderers fail the same way on bad input.

Every failure is an `InvalidInput` with a Vietnamese message naming the block, so the service
that built the document can show it to the officer as is.
"""

from __future__ import annotations

from thidua.core.errors import InvalidInput
from thidua.documents.rendering.model import (
    Document,
    Heading,
    ListItem,
    SignatureBlock,
    SignatureGrid,
    Signer,
    Table,
)

MAX_LEVEL = 3


def validate_document(*, document: Document) -> None:
    header = document.header
    if not header.issuing_body.strip():
        raise InvalidInput("Thiếu tên cơ quan ban hành văn bản.", fields={"issuing_body": "Bắt buộc."})
    if not header.place.strip():
        raise InvalidInput("Thiếu địa danh ghi trên văn bản.", fields={"place": "Bắt buộc."})
    for position, block in enumerate(document.blocks, start=1):
        where = f"khối thứ {position}"
        if isinstance(block, Table):
            _validate_table(table=block, where=where)
        elif isinstance(block, Heading | ListItem) and not 1 <= block.level <= MAX_LEVEL:
            raise InvalidInput(f"Cấp đề mục phải từ 1 đến {MAX_LEVEL} ({where}).")
        elif isinstance(block, SignatureBlock):
            if block.left_signer is not None and block.recipients is not None:
                raise InvalidInput(
                    f"Bên trái khối chữ ký chỉ chứa người ký hoặc nơi nhận, không cả hai ({where})."
                )
            for signer in (block.signer, block.left_signer):
                if signer is not None:
                    _validate_signer(signer=signer, where=where)
        elif isinstance(block, SignatureGrid):
            if not block.signers:
                raise InvalidInput(f"Bảng chữ ký không có người ký nào ({where}).")
            for signer in block.signers:
                _validate_signer(signer=signer, where=where)


def _validate_table(*, table: Table, where: str) -> None:
    if not table.columns:
        raise InvalidInput(f"Bảng không có cột nào ({where}).")
    if any(column.width <= 0 for column in table.columns):
        raise InvalidInput(f"Độ rộng cột phải lớn hơn 0 ({where}).")
    for number, row in enumerate(table.rows, start=1):
        if len(row.cells) != len(table.columns):
            raise InvalidInput(
                f"Dòng {number} của bảng có {len(row.cells)} ô, bảng có {len(table.columns)} cột ({where})."
            )


def _validate_signer(*, signer: Signer, where: str) -> None:
    if not signer.name.strip() or not signer.position.strip():
        raise InvalidInput(f"Người ký phải có chức vụ và họ tên ({where}).")
