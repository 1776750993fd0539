"""`fixcopy preview`: the real server (a `fixcopy preview` process on 127.0.0.1), its guarded
API over HTTP, and the page in a real headless Chromium (Debian's /usr/bin/chromium)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import CORPORA, CRLF_BOM_ARTICLE, run_fixcopy

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
URL_RE = re.compile(r"at (http://127\.0\.0\.1:(\d+)/\?token=([\w-]+))")


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, port: int, token: str) -> None:
        self.proc, self.url, self.port, self.token = proc, url, port, token
        self.base = f"http://127.0.0.1:{port}"
        self.http = httpx.Client(base_url=self.base, headers={"X-Fixcopy-Token": token}, timeout=30)

    def state(self) -> dict:
        r = self.http.get("/api/state")
        assert r.status_code == 200, r.text
        return r.json()

    def post(self, path: str, body=None) -> httpx.Response:
        return self.http.post(path, json=body)


def serving(path: Path, *args: str):
    """Run `fixcopy preview PATH --no-browser --no-model` for real; yield once it prints its address."""
    return serving_with_model(path, "--no-model", *args)


@contextlib.contextmanager
def serving_with_model(path: Path, *args: str):
    proc = subprocess.Popen(
        [sys.executable, "-m", "fixcopy", "preview", "--no-browser", *args, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        m = URL_RE.search(line)
        assert m, f"no address printed: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        server = Server(proc, m.group(1), int(m.group(2)), m.group(3))
        yield server
        server.http.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def decisions(state: dict, **by_action) -> dict:
    """{"digest": ..., "decisions": [...]} with accept/reject lists of item ids."""
    out = []
    for action, ids in by_action.items():
        for i in ids:
            out.append(
                {"id": i, "action": action} if action != "edit" else {"id": i[0], "action": "edit", "text": i[1]}
            )
    return {"digest": state["digest"], "decisions": out}


# -- the guard ---------------------------------------------------------------------------------------


def test_token_and_host_guard_the_page_and_the_api(crlf_bom_article):
    with serving(crlf_bom_article) as s:
        assert s.url.startswith("http://127.0.0.1:")
        plain = httpx.Client(base_url=s.base, timeout=30)
        assert plain.get("/").status_code == 403
        assert plain.get("/?token=wrong").status_code == 403
        page = plain.get(f"/?token={s.token}")
        assert page.status_code == 200 and "fixcopy" in page.text and "article.txt" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["referrer-policy"] == "no-referrer"
        # The API wants the token as a header, not as a query parameter.
        assert plain.get("/api/state").status_code == 403
        assert plain.get(f"/api/state?token={s.token}").status_code == 403
        assert plain.get("/api/state", headers={"X-Fixcopy-Token": "nope"}).status_code == 403
        assert s.http.get("/api/state").status_code == 200
        # DNS rebinding: a page served as evil.example resolving to 127.0.0.1 sends its own Host.
        assert s.http.get("/api/state", headers={"Host": f"evil.example:{s.port}"}).status_code == 403
        assert plain.get(f"/?token={s.token}", headers={"Host": "evil.example"}).status_code == 403
        assert s.http.get("/api/state", headers={"Host": f"localhost:{s.port}"}).status_code == 200
        # Another site in the same browser: its Origin is refused even with the token.
        r = s.post("/api/save", None)
        assert r.status_code == 400
        r = s.http.post("/api/save", json=decisions(s.state(), accept=[0]), headers={"Origin": "https://evil.example"})
        assert r.status_code == 403
        plain.close()
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE


def own_addresses() -> set[str]:
    """This machine's IPv4 addresses that are not loopback, as far as they can be found offline."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        found |= {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.connect(("10.255.255.255", 9))  # UDP connect sends nothing; it only picks an interface
        found.add(udp.getsockname()[0])
    return found


def test_listens_on_127_0_0_1_only(crlf_bom_article):
    outside = [a for a in own_addresses() if not a.startswith("127.")]
    with serving(crlf_bom_article) as s:
        with socket.create_connection(("127.0.0.1", s.port), timeout=5):
            pass
        for address in outside:
            with pytest.raises(OSError):
                socket.create_connection((address, s.port), timeout=5).close()


def test_bad_requests_are_refused_with_a_message(crlf_bom_article):
    with serving(crlf_bom_article) as s:
        st = s.state()
        flag = next(i["id"] for i in st["items"] if not i["fixable"])
        for body, status in [
            (b"not json", 400),
            ({"digest": st["digest"], "decisions": [{"id": 99, "action": "accept"}]}, 400),
            ({"digest": st["digest"], "decisions": [{"id": 0, "action": "maybe"}]}, 400),
            ({"digest": st["digest"], "decisions": [{"id": 0, "action": "edit"}]}, 400),
            ({"digest": st["digest"], "decisions": [{"id": flag, "action": "accept"}]}, 400),
            ({"digest": "0" * 64, "decisions": [{"id": 0, "action": "accept"}]}, 409),
        ]:
            r = s.http.post("/api/save", content=body) if isinstance(body, bytes) else s.post("/api/save", body)
            assert r.status_code == status, (body, r.text)
            assert r.json()["error"]
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE


# -- the API over the core -----------------------------------------------------------------------


def test_state_cuts_the_article_into_segments(crlf_bom_article):
    with serving(crlf_bom_article) as s:
        st = s.state()
    text = CRLF_BOM_ARTICLE.decode("utf-8")[1:]
    assert "".join(seg["text"] for seg in st["segments"]) == text
    assert st["bom"] and st["crlf"] and st["threshold"] == 0.5
    assert [i["category"] for i in st["items"]] == [
        "article",
        "stray-punctuation",
        "duplicated-word",
        "duplicated-word",
        "broken-compound",
    ]
    first = st["items"][0]
    assert first["text"] == "The " and first["replacement"] == "" and first["diff"] == [["delete", "The "]]
    assert (first["line"], first["column"]) == (1, 27) and 0 < first["confidence"] <= 1
    assert st["items"][-1]["fixable"] is False and st["items"][-1]["replacement"] is None


def test_accept_all_saves_what_fix_gives(crlf_bom_article, tmp_path):
    twin = tmp_path / "twin.txt"
    twin.write_bytes(CRLF_BOM_ARTICLE)
    expected = run_fixcopy("fix", "--no-model", "--min-confidence", "0", str(twin)).stdout
    with serving(crlf_bom_article, "--min-confidence", "0") as s:
        st = s.state()
        fixable = [i["id"] for i in st["items"] if i["fixable"]]
        preview = s.post("/api/preview", decisions(st, accept=fixable)).json()
        assert "".join(seg["text"] for seg in preview["segments"]) == expected.decode("utf-8")[1:]
        assert preview["changes"] == len(fixable) == 4
        r = s.post("/api/save", decisions(st, accept=fixable))
        assert r.status_code == 200, r.text
        saved = r.json()
        assert saved["written"] and saved["summary"] == "accepted 4, rejected 0, edited 0 (1 not reviewed)"
        # The suggestions are reloaded from the saved file: only the flag is left.
        assert [i["category"] for i in saved["state"]["items"]] == ["broken-compound"]
        assert s.state()["digest"] == saved["state"]["digest"] != st["digest"]
    assert crlf_bom_article.read_bytes() == expected


def test_reject_all_leaves_the_file_byte_identical(crlf_bom_article):
    before = os.stat(crlf_bom_article)
    with serving(crlf_bom_article) as s:
        st = s.state()
        r = s.post("/api/save", decisions(st, reject=[i["id"] for i in st["items"]]))
        assert r.status_code == 200 and r.json()["written"] is False
    after = os.stat(crlf_bom_article)
    assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_an_edit_is_saved_with_the_editors_text(crlf_bom_article):
    with serving(crlf_bom_article) as s:
        st = s.state()
        flag = next(i["id"] for i in st["items"] if not i["fixable"])
        r = s.post("/api/save", decisions(st, edit=[(flag, "rules-based"), (1, "deal, with")]))
        assert r.status_code == 200, r.text
    assert crlf_bom_article.read_bytes() == (
        CRLF_BOM_ARTICLE.replace(b"a -based", b"a rules-based").replace(b"deal. with", b"deal, with")
    )


def test_save_refuses_when_the_file_changed_on_disk(crlf_bom_article):
    with serving(crlf_bom_article) as s:
        st = s.state()
        someone_else = CRLF_BOM_ARTICLE.replace(b"Monday", b"Tuesday")
        crlf_bom_article.write_bytes(someone_else)
        r = s.post("/api/save", decisions(st, accept=[0]))
        assert r.status_code == 409
        assert "changed on disk" in r.json()["error"]
        assert crlf_bom_article.read_bytes() == someone_else
        # Reloading picks up the other editor's version.
        r = s.post("/api/reload")
        assert r.status_code == 200 and "Tuesday" in "".join(seg["text"] for seg in r.json()["segments"])


def test_unreadable_file_is_a_one_line_error(tmp_path):
    done = run_fixcopy("preview", "--no-browser", str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert done.stderr.decode().strip() == f"fixcopy: error: {tmp_path / 'missing.txt'}: no such file or directory"


def test_a_busy_port_is_a_one_line_error(crlf_bom_article):
    with serving(crlf_bom_article) as s:
        done = run_fixcopy("preview", "--no-browser", "--no-model", "--port", str(s.port), str(crlf_bom_article))
    assert done.returncode == 2
    assert done.stderr.decode().startswith(f"fixcopy: error: cannot listen on 127.0.0.1:{s.port}")


# -- the page in a real browser ------------------------------------------------------------------


def artifacts_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ["FIXCOPY_ARTIFACTS"]) if os.environ.get("FIXCOPY_ARTIFACTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import expect as playwright_expect
    from playwright.sync_api import sync_playwright

    playwright_expect.set_options(timeout=15_000)

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # A refused save (409) is logged by the browser as a failed load; that one is expected.
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and "409" not in m.text else None)
    yield pg
    context.close()
    assert not errors, errors


def expect(target):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def card(page, category: str, nth: int = 0):
    return page.locator(".card").filter(has=page.locator(".cat", has_text=category)).nth(nth)


def test_browser_accept_one_reject_another_and_save(page, crlf_bom_article, tmp_path):
    with serving(crlf_bom_article) as s:
        page.goto(s.url)
        page.wait_for_selector(".card")
        assert page.locator(".card").count() == 5
        assert page.locator("#article mark.s").count() == 5
        # The article as an editor reads it: CRLF shown as plain line breaks, curly quotes kept.
        assert "\u201cWe are not looking for for a single buyer,\u201d" in page.inner_text("#article")
        # Keyboard: the first card is selected; "a" accepts it and moves on, "j"/"k" move.
        assert "selected" in card(page, "article").get_attribute("class")
        page.keyboard.press("a")
        assert "accepted" in card(page, "article").get_attribute("class")
        assert "selected" in card(page, "stray-punctuation").get_attribute("class")
        page.keyboard.press("j")
        page.keyboard.press("k")
        assert "selected" in card(page, "stray-punctuation").get_attribute("class")
        # The mouse: reject the stray full stop.
        card(page, "stray-punctuation").get_by_role("button", name="Reject").click()
        assert "rejected" in card(page, "stray-punctuation").get_attribute("class")
        # The live preview shows the corrected text.
        expect(page.locator("#corrected")).to_contain_text("\u2014 Germany said")
        corrected = page.inner_text("#corrected")
        assert "deal. with" in corrected and "for for the first time" in corrected
        assert "1 change" in page.inner_text("#preview-summary")
        assert page.inner_text("#save") == "Save (1 change)"
        page.screenshot(path=str(artifacts_dir(tmp_path) / "preview.png"))
        page.click("#save")
        page.wait_for_selector("#banner:not([hidden])")
        assert "Saved" in page.inner_text("#banner-text")
        assert crlf_bom_article.read_bytes() == CRLF_BOM_ARTICLE.replace(b"The Germany", b"Germany")
        # Reloaded from the saved file: the accepted one is gone, the rejected one is back.
        expect(page.locator(".card")).to_have_count(4)
        expect(page.locator("#preview-summary")).to_contain_text("0 changes")
        assert card(page, "stray-punctuation").get_attribute("class").split()[1] == "pending"


def test_browser_edit_accept_all_and_a_refused_save(page, crlf_bom_article, tmp_path):
    with serving(crlf_bom_article) as s:
        page.goto(s.url)
        page.wait_for_selector(".card")
        flag = card(page, "broken-compound")
        assert flag.get_by_role("button", name="Accept").is_disabled()
        flag.get_by_role("button", name="Edit").click()
        box = flag.get_by_role("textbox")
        assert box.input_value() == "-based"
        box.fill("rules-based")
        box.press("Enter")
        assert "edited" in card(page, "broken-compound").get_attribute("class")
        page.click("#accept-all")
        expect(page.locator("#save")).to_have_text("Save (5 changes)")
        expect(page.locator("#corrected")).to_contain_text("rules-based order")
        # Someone else saves the file meanwhile: Save refuses and says so.
        someone_else = CRLF_BOM_ARTICLE + b"Another editor's paragraph.\r\n"
        crlf_bom_article.write_bytes(someone_else)
        page.click("#save")
        page.wait_for_selector("#banner.error")
        assert "changed on disk" in page.inner_text("#banner-text")
        assert crlf_bom_article.read_bytes() == someone_else
        assert page.inner_text("#save") == "Save (5 changes)"  # the decisions are still on the page
        page.click("#reload")
        expect(page.locator("#article")).to_contain_text("Another editor's paragraph.")
        expect(page.locator("#corrected")).to_contain_text("Another editor's paragraph.")
        expect(page.locator("#save")).to_have_text("Save")
    assert crlf_bom_article.read_bytes() == someone_else


SAMPLES = sorted((CORPORA / "garbled").glob("*.txt"))[:1]


@pytest.mark.skipif(not SAMPLES, reason="no bundled samples yet")
def test_browser_accept_all_on_a_bundled_sample(page, tmp_path):
    path = tmp_path / SAMPLES[0].name
    shutil.copyfile(SAMPLES[0], path)
    expected = run_fixcopy("fix", "--no-model", "--min-confidence", "0", str(path)).stdout
    with serving(path, "--min-confidence", "0") as s:
        page.goto(s.url)
        page.wait_for_selector(".card")
        changes = sum(1 for i in s.state()["items"] if i["fixable"])
        page.click("#accept-all")
        expect(page.locator("#preview-summary")).to_contain_text(f"{changes} change")
        page.click("#save")
        page.wait_for_selector("#banner:not([hidden])")
        assert "Saved" in page.inner_text("#banner-text")
        expect(page.locator("#preview-summary")).to_contain_text("0 changes")
    assert path.read_bytes() == expected


@pytest.mark.skipif(not SAMPLES, reason="no bundled samples yet")
def test_accept_all_with_the_model_if_one_is_shipped(tmp_path):
    """Whatever detectors this install has (the model too, when shipped): accepting every fix
    saves exactly what `fix --min-confidence 0` prints, and flags cannot be accepted."""
    path = tmp_path / SAMPLES[0].name
    shutil.copyfile(SAMPLES[0], path)
    expected = run_fixcopy("fix", "--min-confidence", "0", str(path)).stdout
    proc_args = ("--min-confidence", "0")
    with serving_with_model(path, *proc_args) as s:
        st = s.state()
        fixable = [i["id"] for i in st["items"] if i["fixable"]]
        r = s.post("/api/save", decisions(st, accept=fixable))
        assert r.status_code == 200, r.text
    assert path.read_bytes() == expected
