#!/usr/bin/python3
# tests/e2e/test_programme_e2e.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The programme designer end to end, over AT-SPI as a person would use it: open a demo
# workspace, go to Programme, start a draft, lower Silver's threshold on the what-if
# slider and see the simulated distribution change, publish, and see the members' tiers
# change in the workspace as the CLI reads it.
#
# Environment (set by tests/e2e/meson.build): MC_GUI, MC_CLI, GSETTINGS_SCHEMA_DIR,
# XDG_DATA_DIRS. Needs a display and a session bus (build-aux/run-tests.sh gives both).

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mcdrive import App, DriveError, log, poll  # noqa: E402

import pyatspi  # noqa: E402

SILVER_NEW = 1000


def cli(db, *args):
    done = subprocess.run([os.environ["MC_CLI"], "--db", db, *args, "--json"],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def tier_counts(db):
    return {t["code"]: t["members"] for t in cli(db, "summary")["tiers"]}


def tier_row(app, panel, name):
    """(live, draft) members of a tier as its row in the what-if shows them:
    "52 (17.3%) → 80 (26.7%)"."""
    for item in app.find_all("list item", panel):
        if item.name != name:
            continue
        for label in app.find_all("label", item):
            m = re.match(r"^([\d,]+) \([\d.]+%\) → ([\d,]+) \([\d.]+%\)$", label.name)
            if m:
                return tuple(int(g.replace(",", "")) for g in m.groups())
    return None


def main():
    if not os.environ.get("DISPLAY"):
        print("1..0 # SKIP no display (run under xvfb-run, as build-aux/run-tests.sh does)")
        return 77
    tmp = tempfile.mkdtemp(prefix="mc-e2e-programme-")
    db = os.path.join(tmp, "demo.mcdb")
    app = None
    try:
        subprocess.run([os.environ["MC_CLI"], "--db", db, "demo", "--members", "300", "--seed", "7"],
                       check=True, capture_output=True)
        before = tier_counts(db)
        env = dict(os.environ, GSETTINGS_BACKEND="memory", LANGUAGE="en", LC_ALL="C.UTF-8")
        env.pop("GTK_A11Y", None)
        env.pop("NO_AT_BRIDGE", None)
        print("1..5", flush=True)
        app = App([os.environ["MC_GUI"], "--db", db], env, "member-console")

        # 1. The Programme page, then a new draft from the live programme.
        App.mouse_click(app.find("label", "Programme"))
        page = app.find("panel", "Programme")
        # The page's header (the version menu and its buttons): searching it, not the whole
        # page, keeps every look-up short.
        combo = app.find("combo box", lambda n: "Version" in n, within=page)
        header = combo.parent
        new_draft = app.find("push button", lambda n: "New Draft" in n, within=header)
        poll("New Draft to be enabled", lambda: new_draft.getState().contains(pyatspi.STATE_SENSITIVE))
        App.mouse_click(new_draft)
        poll("the draft in the version menu", lambda: any(
            n.name.startswith("Draft: ") for n in app.find_all("label", combo)))
        print("ok 1 a new draft is shown", flush=True)

        # 2. The what-if: at first the draft is the live programme.
        # The view switcher's tabs (GTK 4.8 names them with their mnemonic's underscore).
        App.mouse_click(app.find("page tab", lambda n: n.replace("_", "") == "What-If", within=page))
        def what_if_panel():
            # A look a few levels down (page, its box, the views' stack, the view), not a walk
            # through the design editor's hundreds of controls.
            level = [page]
            for _ in range(5):
                below = []
                for node in level:
                    for i in range(node.childCount):
                        child = node.getChildAtIndex(i)
                        if child is None:
                            continue
                        if child.name == "What-if simulation" and App.is_showing(child):
                            return child
                        if child.name not in ("Programme design", "Benefits, paid plans and referral rewards"):
                            below.append(child)
                level = below
            return None
        panel = poll("the what-if panel", what_if_panel)
        live, draft = poll("the simulated Silver", lambda: tier_row(app, panel, "Silver"), timeout=60)
        if live != before["silver"] or draft != live:
            raise DriveError(f"Silver shows {live} → {draft}, the workspace has {before['silver']}")
        print(f"ok 2 the what-if shows Silver {live} → {draft}", flush=True)

        # 3. Silver's threshold down on its slider: the simulation follows.
        slider = app.find("slider", "Silver threshold slider", within=panel)
        slider.queryValue().currentValue = float(SILVER_NEW)
        live2, draft2 = poll("the draft's Silver to grow", lambda: (
            lambda r: r if r is not None and r[1] > live else None)(tier_row(app, panel, "Silver")), timeout=30)
        base_live, base_draft = tier_row(app, panel, "Member")
        if base_draft >= base_live:
            raise DriveError(f"Member did not shrink: {base_live} → {base_draft}")
        print(f"ok 3 Silver threshold {SILVER_NEW}: Silver {live2} → {draft2}, Member {base_live} → {base_draft}",
              flush=True)

        # 4. Publish, confirmed in the dialog.
        publish = app.find("push button", lambda n: "Publish" in n, within=header)
        poll("Publish to be enabled", lambda: publish.getState().contains(pyatspi.STATE_SENSITIVE))
        App.mouse_click(publish)
        def publish_dialog():
            # A top-level window of the application, not a widget inside the main one.
            for i in range(app.root.childCount):
                window = app.root.getChildAtIndex(i)
                if window is not None and window.getRoleName() == "dialog" and window.name.startswith("Publish “"):
                    return window
            return None
        dialog = poll("the publish dialog", publish_dialog)
        confirm = app.find("push button", lambda n: n.endswith("Publish"), within=dialog)
        App.mouse_click(App.settled(confirm))
        summary = poll("the draft published", lambda: (
            lambda s: s if s["programme"].endswith("(draft)") else None)(cli(db, "summary")), timeout=60)
        print(f"ok 4 published “{summary['programme']}”", flush=True)

        # 5. The members' tiers changed as simulated: more in Silver, fewer in Member.
        after = tier_counts(db)
        if after["silver"] <= before["silver"] or after["base"] >= before["base"]:
            raise DriveError(f"tiers did not move: {before} → {after}")
        if after["silver"] != draft2:
            log(f"Silver after publishing {after['silver']}, simulated {draft2} (manual tiers hold)")
        poll("the page to show the new live version", lambda: any(
            n.name.startswith("Live: Standard programme (draft)") for n in app.find_all("label", combo)))
        print(f"ok 5 tiers {before} → {after}", flush=True)
        return 0
    except (DriveError, subprocess.CalledProcessError) as exc:
        print(f"not ok - {exc}", flush=True)
        if app is not None and shutil.which("import"):
            shot = os.path.join(os.environ.get("MC_E2E_SHOT_DIR", tempfile.gettempdir()),
                                "e2e-programme-failure.png")
            subprocess.run(["import", "-window", "root", shot], check=False)
            log("screenshot:", shot)
        return 1
    finally:
        if app is not None:
            app.quit()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
