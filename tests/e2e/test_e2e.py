#!/usr/bin/python3
# tests/e2e/test_e2e.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The end-to-end test: the real application on a demo workspace, driven over AT-SPI with
# the mouse and the keyboard as a person would. Open the demo workspace, find a member by
# the pinyin initials of their name, open them, record a purchase and see the points and
# the tier progress change, delete them and undo the deletion. What the window shows is
# checked against the workspace as the CLI reads it.
#
# Environment (set by tests/e2e/meson.build): MC_GUI, MC_CLI, GSETTINGS_SCHEMA_DIR,
# XDG_DATA_DIRS. Needs a display and a session bus (build-aux/run-tests.sh gives both).

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mcdrive import App, DriveError, log, poll  # noqa: E402
from gi.repository import GLib  # noqa: E402

INITIALS = "zs"


def cli(db, *args, check=True):
    """The CLI's JSON answer; None when it fails and check is False."""
    done = subprocess.run([os.environ["MC_CLI"], "--db", db, *args, "--json"],
                          check=check, capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else None


def label_in(app, within, test):
    """The text of the first label under within that passes test."""
    def look():
        for node in app.find_all("label", within):
            if test(node.name):
                return node.name
        return None
    return look()


def balance_shown(app, page):
    items = [n for n in app.find_all("list item", page) if n.name == "Balance"]
    if not items:
        return None
    labels = [n.name for n in app.find_all("label", items[0]) if n.name != "Balance"]
    return int(labels[0].replace(",", "")) if labels else None


def main():
    if not os.environ.get("DISPLAY"):
        print("1..0 # SKIP no display (run under xvfb-run, as build-aux/run-tests.sh does)")
        return 77
    tmp = tempfile.mkdtemp(prefix="mc-e2e-")
    db = os.path.join(tmp, "demo.mcdb")
    app = None
    try:
        subprocess.run([os.environ["MC_CLI"], "--db", db, "demo", "--members", "300", "--seed", "7"],
                       check=True, capture_output=True)
        env = dict(os.environ, GSETTINGS_BACKEND="memory", LANGUAGE="en", LC_ALL="C.UTF-8")
        env.pop("GTK_A11Y", None)
        env.pop("NO_AT_BRIDGE", None)
        print("1..5", flush=True)
        app = App([os.environ["MC_GUI"], "--db", db], env, "member-console")

        # 1. Search by pinyin initials, typed into the search box.
        App.mouse_click(app.find("label", "Members"))
        entry = app.find("entry", "Search members")
        App.mouse_click(entry)
        for ch in INITIALS:
            App.key(ch)
        poll("the typed search", lambda: App.text_of(entry) == INITIALS)
        table = app.find("tree table", None)
        expected = {m["card_no"] for m in cli(db, "member", "search", INITIALS, "--limit", "1000")}

        def result_rows():
            rows = app.find_all("table row", table)[1:]      # the first is the header
            cells = [[c.getChildAtIndex(0).name if c.childCount else c.name
                      for c in (r.getChildAtIndex(i) for i in range(r.childCount))] for r in rows]
            if cells and all(c[0] in expected for c in cells):
                return list(zip(rows, cells))
            return None
        rows = poll(f"rows found by “{INITIALS}”", result_rows)
        row, cells = rows[0]
        card, name, phone = cells[0], cells[1], cells[2]
        print(f"ok 1 search “{INITIALS}” shows {len(rows)} members, first {name} ({card})", flush=True)

        # 2. Open the member (double click).
        App.mouse_click(row)
        App.mouse_click(row, "b1d")
        page = app.find("panel", "Member")
        app.find("label", name, within=page)
        before = cli(db, "member", "show", phone)
        poll("the balance shown", lambda: balance_shown(app, page) == before["points_balance"])
        progress_before = poll("the tier progress", lambda: label_in(
            app, page, lambda t: t.startswith("Growth ")))
        print(f"ok 2 {name}'s page shows {before['points_balance']} points; “{progress_before}”",
              flush=True)

        # 3. Record a purchase of ¥500 with the keyboard, then see points and progress move.
        App.mouse_click(app.find("push button", lambda n: n.endswith("Record Purchase…"), within=page))
        dialog = app.find("filler", "Record a Purchase", within=app.root)
        amount = app.find("text", "Amount (¥)", within=dialog)
        App.mouse_click(amount)
        for ch in "500":
            App.key(ch)
        poll("the amount typed", lambda: App.text_of(amount) == "500")
        App.mouse_click(app.find("push button", lambda n: n.endswith("Record"), within=dialog))
        after = poll("the purchase in the workspace", lambda: (
            lambda m: m if m["spend_fen"] == before["spend_fen"] + 50000 else None)(
                cli(db, "member", "show", phone)))
        if after["points_balance"] <= before["points_balance"]:
            raise DriveError(f"points did not grow: {before['points_balance']} → {after['points_balance']}")
        poll("the new balance shown", lambda: balance_shown(app, page) == after["points_balance"])
        progress_after = poll("the tier progress to change", lambda: label_in(
            app, page, lambda t: t.startswith("Growth ") and t != progress_before))
        print(f"ok 3 purchase: points {before['points_balance']} → {after['points_balance']}; "
              f"“{progress_after}”", flush=True)

        # 4. Delete the member. The toast with Undo comes at once; it stays 8 s.
        App.mouse_click(app.find("push button", lambda n: n.endswith("Delete"), within=page))
        undo = app.find("push button", lambda n: "Undo" in n)
        poll("the member deleted", lambda: cli(db, "member", "show", phone, check=False) is None)
        print("ok 4 deleted", flush=True)

        # 5. Undo, from the toast's button.
        def restored_member():
            m = cli(db, "member", "show", phone, check=False)
            return m if m is not None and m["deleted"] is False else None

        def click_undo():
            try:
                App.mouse_click(App.settled(undo))      # the toast slides in: click where it stops
                return "the toast's Undo"
            except (DriveError, GLib.GError) as exc:
                if os.environ.get("MC_E2E_NO_CTRL_Z"):
                    raise
                # A busy machine (a sanitizer build, other tests) can take longer than
                # the toast's 8 s to check the deletion: then Ctrl+Z, the same undo.
                log(f"the toast is gone ({exc}); Ctrl+Z instead")
                App.ctrl_key(ord("z"))
                return "Ctrl+Z"

        how = click_undo()
        try:
            restored = poll("the member restored", restored_member, timeout=3)
        except DriveError:
            # A click can be lost while the window is busy (a person clicks again); a
            # second miss is a failure.
            log("the first click on Undo changed nothing; clicking again")
            undo = app.find("push button", lambda n: "Undo" in n)
            how = click_undo()
            restored = poll("the member restored", restored_member)
        if restored["points_balance"] != after["points_balance"]:
            raise DriveError("the restored member lost points")
        print(f"ok 5 undo ({how}) restored the member", flush=True)
        return 0
    except (DriveError, subprocess.CalledProcessError) as exc:
        print(f"not ok - {exc}", flush=True)
        if app is not None and shutil.which("import"):
            shot = os.path.join(os.environ.get("MC_E2E_SHOT_DIR", tempfile.gettempdir()), "e2e-failure.png")
            subprocess.run(["import", "-window", "root", shot], check=False)
            log("screenshot:", shot)
        return 1
    finally:
        if app is not None:
            app.quit()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
