"""`thidua scoring compute` and `thidua voting tally` (and their API twins) read their JSON through
one decoder: input the standard decoder chokes on (nesting past the recursion limit, an integer
past Python's digit limit, bytes that are not UTF-8) is a refusal naming `input` — exit code 2 on
the command line, 422 from the API — never a traceback or a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import World

DEEP = "[" * 50_000
HUGE = '{"units": [' + "9" * 5000 + "]}"
CASES = [
    (DEEP.encode(), "input: JSON lồng nhau quá sâu."),
    (HUGE.encode(), "input: số quá lớn."),
    (b'{"units": ["\xff"]}', "input: nội dung không phải văn bản UTF-8."),
    (b'{"units": [', "input: JSON không hợp lệ ở dòng 1, cột 12."),
]


@pytest.mark.parametrize(("command", "action"), [("scoring", "compute"), ("voting", "tally")])
@pytest.mark.parametrize(("content", "message"), CASES)
def test_the_commands_refuse_with_exit_code_2(
    tmp_path: Path, command: str, action: str, content: bytes, message: str
) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command(command, action, "--input", str(path))
    assert error.value.returncode == 2
    if message.startswith("input: nội dung"):  # the file reader says it first, naming the file
        assert str(error.value) == f"input: tệp «{path}» không phải văn bản UTF-8."
    else:
        assert str(error.value) == message


@pytest.mark.parametrize(("url", "code"), [("scoring/compute", "json"), ("voting/tally", "invalid")])
@pytest.mark.parametrize(("content", "message"), CASES)
def test_the_api_twins_answer_422(world: World, url: str, code: str, content: bytes, message: str) -> None:
    client = Client()
    client.force_login(world.outsider)
    response = client.post(f"/api/v1/{url}", data=content, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"message": message, "code": "invalid", "fields": {"input": code}}
