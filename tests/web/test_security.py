"""`crbd serve` is a server, even on a laptop: what a stranger's request meets."""

from __future__ import annotations

from pathlib import Path

import httpx
from typer.testing import CliRunner

from tests.helpers import Running
from toolkit.cli import app
from toolkit.web.security import MAX_BODY

YARNLY = "/a/yarnly.yaml"


def test_no_token_no_page(served: Running) -> None:
    stranger = served.track(httpx.Client(base_url=served.base, follow_redirects=False))
    for path in ("/", YARNLY, f"{YARNLY}/results", f"{YARNLY}/report.json", "/static/app.css"):
        refused = stranger.get(path)
        assert refused.status_code == 403, path
        assert "Yarnly" not in refused.text
    assert stranger.get("/?token=not-the-token").status_code == 403
    assert stranger.get("/", headers={"cookie": "crbd_session=guessed"}).status_code == 403


def test_the_token_becomes_a_strict_httponly_cookie(served: Running) -> None:
    browser = served.track(httpx.Client(base_url=served.base, follow_redirects=False))
    first = browser.get(f"/a/yarnly.yaml?token={served.bound.served.token}")
    assert first.status_code == 303
    assert first.headers["location"] == YARNLY  # the token leaves the address bar
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert served.bound.served.token not in cookie
    page = browser.get(YARNLY)
    assert page.status_code == 200 and "Yarnly" in page.text


def test_the_url_printed_binds_loopback_on_a_free_port(served: Running) -> None:
    assert served.bound.host == "127.0.0.1" and served.bound.port > 0
    assert served.url.startswith(f"http://127.0.0.1:{served.bound.port}/?token=")
    assert len(served.bound.served.token) >= 24


def test_a_foreign_host_header_is_refused(served: Running) -> None:
    client = served.client()
    rebound = client.get("/", headers={"host": f"evil.example:{served.bound.port}"})
    assert rebound.status_code == 421
    assert "Yarnly" not in rebound.text
    assert client.get("/", headers={"host": "127.0.0.1:1"}).status_code == 421


def test_every_page_allows_only_itself(served: Running) -> None:
    client = served.client()
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    preview = client.get(f"{YARNLY}/preview")
    assert "sandbox" in preview.headers["content-security-policy"]
    assert "script" not in preview.headers["content-security-policy"]  # none allowed at all


def test_a_change_needs_the_csrf_token_and_the_same_origin(served: Running) -> None:
    client = served.client()
    before = (served.folder / "yarnly.yaml").read_bytes()
    change = {"product": "Hijacked"}
    path = f"{YARNLY}/metadata"
    no_token = client.post(path, data=change, headers={"origin": served.base})
    assert no_token.status_code == 403
    wrong = client.post(path, data={**change, "csrf": "0" * 64}, headers={"origin": served.base})
    assert wrong.status_code == 403
    token = served.csrf(client)
    elsewhere = {"origin": "http://evil.example"}
    assert client.post(path, data={**change, "csrf": token}, headers=elsewhere).status_code == 403
    assert client.post(path, data={**change, "csrf": token}).status_code == 403  # no Origin
    as_json = client.post(path, json={**change, "csrf": token}, headers={"origin": served.base})
    assert as_json.status_code == 415
    assert (served.folder / "yarnly.yaml").read_bytes() == before
    done = served.post(client, path, change)
    assert done.status_code == 303
    assert "product: Hijacked" in (served.folder / "yarnly.yaml").read_text()


def test_request_bodies_are_bounded(served: Running) -> None:
    client = served.client()
    huge = served.post(client, f"{YARNLY}/metadata", {"product": "x" * (MAX_BODY + 1)})
    assert huge.status_code == 413
    assert "Yarnly" in (served.folder / "yarnly.yaml").read_text()


def test_only_files_inside_the_folder(served: Running) -> None:
    outside = served.folder.parent / "secret.yaml"
    outside.write_text((served.folder / "yarnly.yaml").read_text().replace("Yarnly", "Secret"))
    (served.folder / "link.yaml").symlink_to(outside)
    client = served.client()
    for name in ("..%2Fsecret.yaml", "%2E%2E%2Fsecret.yaml", "link.yaml", ".hidden.yaml"):
        refused = client.get(f"/a/{name}")
        assert refused.status_code in (400, 404), name
        assert "Secret" not in refused.text
    home = client.get("/").text
    assert "link.yaml" not in home and "Secret" not in home
    made = served.post(client, "/new", {"name": "../escape", "start": "blank"})
    assert made.status_code == 404
    assert not (served.folder.parent / "escape.yaml").exists()


def test_hostile_text_is_shown_as_typed(served: Running) -> None:
    client = served.client()
    hostile = "<script>alert(1)</script>{{7*7}}"
    served.post(client, f"{YARNLY}/metadata", {"product": hostile})
    for path in ("/", YARNLY, f"{YARNLY}/results"):
        page = client.get(path).text
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}" in page
        assert ">49<" not in page and "49</" not in page
    preview = client.get(f"{YARNLY}/preview").text
    assert "<script>alert(1)" not in preview


def test_another_address_only_in_workshop_mode() -> None:
    done = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--no-browser", "."])
    assert done.exit_code == 2
    assert "only with --workshop" in done.output
    assert "Traceback" not in done.output


def _every_route() -> list[tuple[str, str]]:
    """Each route of the app with each method it takes, its path parameters filled in."""
    from starlette.routing import Route

    from toolkit.web.app import Served, create_app
    from toolkit.web.files import Folder

    app: object = create_app(Served(Folder(Path())))
    while not hasattr(app, "routes"):  # the guard, then the middleware behind it
        app = app.app  # type: ignore[attr-defined]
    routes = []
    for route in app.routes:
        if not isinstance(route, Route):
            continue
        path = route.path.replace("{name}", "yarnly.yaml").replace("{format}", "json")
        path = path.replace("{prefix}", "GOV").replace("{control}", "GOV-01")
        path = path.replace("{harm}", "H-GROOMING").replace("{target}", "xlsx")
        routes += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return routes


def test_every_route_refuses_a_stranger_a_foreign_host_and_a_change_without_its_token(
    served: Running,
) -> None:
    routes = _every_route()
    assert len(routes) >= 20 and any(method == "POST" for method, _ in routes)
    before = (served.folder / "yarnly.yaml").read_bytes()
    stranger = served.track(httpx.Client(base_url=served.base, follow_redirects=False))
    client = served.client()
    foreign = {"host": f"evil.example:{served.bound.port}"}
    for method, path in routes:
        assert stranger.request(method, path).status_code == 403, (method, path)
        assert client.request(method, path, headers=foreign).status_code == 421, (method, path)
        if method == "POST":
            refused = client.post(path, data={"product": "x"}, headers={"origin": served.base})
            assert refused.status_code == 403, path
    assert (served.folder / "yarnly.yaml").read_bytes() == before
