"""Signed checkpoints of the audit trail, kept outside the database.

The hash chain alone shows that entries were edited or removed by someone without the audit key.
It cannot show a trail cut back to an earlier entry with its head moved back, nor one rebuilt by
someone holding the key. A checkpoint — the number of entries, the id and hash of the newest one,
when, signed with the audit key — is taken periodically (`thidua audit checkpoint`, a systemd timer)
and appended to a file the database's users cannot write, or printed for an operator to keep.
`thidua audit verify` then requires every checkpoint to be a prefix of today's chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import ZERO_HASH, ChainReport, _digest, audit_key, verify_audit_chain
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditChainHead, AuditEntry

FORMAT = "thidua-audit-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    at: str  # ISO 8601, when it was taken
    count: int  # entries in the chain up to and including last_id
    last_id: int  # 0 for an empty trail
    head: str  # hash of entry last_id
    signature: str = ""

    def signed_text(self) -> str:
        return f"{FORMAT}\n{self.at}\n{self.count}\n{self.last_id}\n{self.head}"

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, ensure_ascii=False, sort_keys=True)

    @property
    def when(self) -> str:
        """The moment in Vietnam's time, for messages."""
        try:
            moment = timezone.localtime(datetime.fromisoformat(self.at))
        except (ValueError, TypeError):
            return self.at
        return f"{moment:%d/%m/%Y %H:%M}"


def sign(checkpoint: Checkpoint) -> str:
    return hmac.new(audit_key(), checkpoint.signed_text().encode(), hashlib.sha256).hexdigest()


def parse_checkpoint(data: Any) -> Checkpoint:
    """A checkpoint from its JSON form (a dict or a JSON string); InvalidInput in Vietnamese otherwise."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            raise InvalidInput("Điểm mốc nhật ký không phải JSON hợp lệ.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f"Điểm mốc nhật ký không đúng định dạng (cần trường format = {FORMAT}).")
    try:
        checkpoint = Checkpoint(
            at=str(data["at"]),
            count=int(data["count"]),
            last_id=int(data["last_id"]),
            head=str(data["head"]),
            signature=str(data["signature"]),
        )
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(
            "Điểm mốc nhật ký thiếu trường hoặc có giá trị sai (at, count, last_id, head, signature)."
        ) from None
    if checkpoint.count < 0 or checkpoint.last_id < 0:
        raise InvalidInput("Điểm mốc nhật ký có số âm.")
    return checkpoint


def checkpoint_problem(checkpoint: Checkpoint, *, position: int | None = None, entry_hash: str = "") -> str:
    """Why the checkpoint does not hold (Vietnamese), or "" when it does.

    Without a position, only its signature is checked; with one, also that the chain has the same
    number of entries up to `last_id` and the same hash there.
    """
    if not hmac.compare_digest(checkpoint.signature, sign(checkpoint)):
        return (
            f"điểm mốc ngày {checkpoint.when} có chữ ký sai: tệp điểm mốc đã bị sửa, "
            "hoặc khóa nhật ký (THIDUA_AUDIT_KEY) khác khóa lúc ghi điểm mốc"
        )
    if position is not None and position != checkpoint.count:
        return (
            f"điểm mốc ngày {checkpoint.when} ghi nhận {checkpoint.count} bản ghi đến bản ghi số "
            f"{checkpoint.last_id}, nay đếm được {position}: nhật ký đã bị thêm hoặc xóa bớt phía trước"
        )
    if position is not None and not hmac.compare_digest(entry_hash, checkpoint.head):
        return (
            f"bản ghi số {checkpoint.last_id} khác với điểm mốc ngày {checkpoint.when}: "
            "nhật ký đã bị viết lại"
        )
    return ""


def unmatched_checkpoint_problem(checkpoint: Checkpoint) -> str:
    return (
        f"điểm mốc ngày {checkpoint.when} ghi nhận {checkpoint.count} bản ghi đến bản ghi số "
        f"{checkpoint.last_id}, nhưng bản ghi này không còn: nhật ký đã bị cắt bớt hoặc xóa"
    )


def take_checkpoint() -> Checkpoint:
    """Verify the chain, then sign its current end. Refuses a broken chain (Conflict): a checkpoint
    must never vouch for a trail that has already been tampered with."""
    report = verify_audit_chain()
    if not report.ok:
        raise Conflict(f"Không ghi điểm mốc: chuỗi nhật ký bị phá vỡ ({report.reason}).")
    with transaction.atomic():
        # Writers lock the head row to append; holding it makes head, count and newest entry agree.
        AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        previous, last_id, count = report.last_hash, report.last_id or 0, report.checked
        for entry in AuditEntry.objects.filter(id__gt=last_id).order_by("id"):
            # Entries appended since the walk: check their links too before signing them.
            if entry.prev_hash != previous or _digest(entry) != entry.hash:
                raise Conflict(f"Không ghi điểm mốc: chuỗi nhật ký bị phá vỡ tại bản ghi số {entry.pk}.")
            previous, last_id, count = entry.hash, entry.pk, count + 1
        unsigned = Checkpoint(
            at=timezone.now().isoformat(timespec="seconds"),
            count=count,
            last_id=last_id,
            head=previous if count else ZERO_HASH,
        )
    return Checkpoint(**{**asdict(unsigned), "signature": sign(unsigned)})


def checkpoint_path() -> Path | None:
    raw = str(getattr(settings, "AUDIT_CHECKPOINT_FILE", "") or "")
    return Path(raw) if raw else None


def append_checkpoint(checkpoint: Checkpoint, *, path: Path) -> None:
    """One line appended and flushed to disk; the file is never rewritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(checkpoint.to_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint of the file; a missing file is none. A damaged line is refused (InvalidInput)."""
    if not path.exists():
        return []
    checkpoints = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                checkpoints.append(parse_checkpoint(line))
            except InvalidInput as exc:
                raise InvalidInput(f"Tệp điểm mốc {path}, dòng {number}: {exc.message}") from None
    return checkpoints


def verify_with_checkpoints(
    *, path: Path | None = None, extra: list[Checkpoint] | None = None
) -> tuple[ChainReport, int]:
    """The chain verified against the checkpoint file (settings' by default) and any given ones.
    Returns the report and how many checkpoints the file held."""
    path = path if path is not None else checkpoint_path()
    stored = read_checkpoints(path) if path is not None else []
    return verify_audit_chain(checkpoints=[*stored, *(extra or [])]), len(stored)
