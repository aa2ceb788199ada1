#!/usr/bin/python3
# tests/e2e/test_e2e_analytics.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Analytics page driven over AT-SPI as a person would: open it on a demo workspace,
# wait for the recompute, read a KPI card, open Retention, move the pointer onto a cell of
# the cohort heatmap and read what its tooltip says; check both against the workspace as
# the CLI's `report` reads it.
#
# GTK 4.8 does not put a tooltip's window on the accessibility bus, so the chart also
# makes the hovered tooltip its accessible description: that is what is read here (the
# same string, by construction; the screenshot kept on failure shows the tooltip itself).
#
# Environment (set by tests/e2e/meson.build): MC_GUI, MC_CLI, GSETTINGS_SCHEMA_DIR,
# XDG_DATA_DIRS. Needs a display and a session bus.

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pyatspi  # noqa: E402

from mcdrive import App, DriveError, log, poll  # noqa: E402

RANGE = re.compile(r"^(\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)$")
GRID = re.compile(r"(\d+) cohorts, (\d+) months")
CELL = re.compile(r"^(\d{4}-\d\d), Month (\d+): ([\d.]+)% \(([\d,]+) of ([\d,]+)\)$")


def cli(db, *args):
    done = subprocess.run([os.environ["MC_CLI"], "--db", db, *args, "--json"],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def showing(node):
    """On screen (with a size); a node without a component (a few containers) is looked into."""
    try:
        return App.is_showing(node)
    except NotImplementedError:
        return True


def find_near(root, what, test):
    """The first descendant of root on screen for which test(node) is true. The window
    holds thousands of nodes (the member list's cells on its hidden page): the search
    does not go into what has no size (hidden pages and popovers), which keeps it short."""
    def search(node):
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is None or not showing(child):
                continue
            if test(child):
                return child
            found = search(child)
            if found is not None:
                return found
        return None
    return poll(what, lambda: search(root))


def role_name(role, name):
    return lambda n: n.getRoleName() == role and (name(n.name) if callable(name) else n.name == name)


def main():
    if not os.environ.get("DISPLAY"):
        print("1..0 # SKIP no display (run under xvfb-run, as build-aux/run-tests.sh does)")
        return 77
    tmp = tempfile.mkdtemp(prefix="mc-e2e-analytics-")
    db = os.path.join(tmp, "demo.mcdb")
    app = None
    try:
        subprocess.run([os.environ["MC_CLI"], "--db", db, "demo", "--members", "300", "--seed", "7"],
                       check=True, capture_output=True)
        env = dict(os.environ, GSETTINGS_BACKEND="memory", LANGUAGE="en", LC_ALL="C.UTF-8")
        env.pop("GTK_A11Y", None)
        env.pop("NO_AT_BRIDGE", None)
        print("1..3", flush=True)
        app = App([os.environ["MC_GUI"], "--db", db], env, "member-console")

        # 1. Open Analytics; the recompute ends with the period it covers.
        App.mouse_click(app.find("label", "Analytics"))
        page = find_near(app.root, "the Analytics page", role_name("panel", "Analytics"))
        status = find_near(page, "the recompute to finish", role_name("label", lambda t: RANGE.match(t)))
        period = RANGE.match(status.name)
        first, last = period.group(1), period.group(2)
        print(f"ok 1 Analytics computed {first} to {last}", flush=True)

        # 2. The Members card says what the CLI's report says.
        kpis = cli(db, "report", "kpis", "--from", first, "--to", last)
        card = find_near(page, "the Members card", lambda n: n.name.startswith("Members: "))
        shown = int(card.name.split(": ", 1)[1].replace(",", ""))
        if shown != kpis["members"]:
            raise DriveError(f"the Members card shows {shown}, the CLI counts {kpis['members']}")
        print(f"ok 2 the Members card shows {shown} members, as the CLI counts", flush=True)

        # 3. Retention: hover the second month of the first cohort shown and read its tooltip.
        App.mouse_click(find_near(page, "the Retention tab", role_name("label", "Retention")))
        chart = find_near(page, "the cohort chart", role_name("image", "Monthly Cohorts"))
        cells = find_near(chart, "the cohort cells", role_name("image", "Cohorts"))
        grid = poll("the heatmap's size", lambda: GRID.search(chart.description))
        rows, cols = int(grid.group(1)), int(grid.group(2))
        if rows < 1 or cols < 2:
            raise DriveError(f"the heatmap has {rows} × {cols} cells")
        ext = App.settled(cells).queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        x = ext.x + int(ext.width * 1.5 / cols)
        y = ext.y + int(ext.height * 0.5 / rows)
        # Come in from the side, as a pointer does; GTK shows the tooltip after a pause.
        pyatspi.Registry.generateMouseEvent(x - 6, y, "abs")
        pyatspi.Registry.generateMouseEvent(x, y, "abs")
        cell = poll("the cell's tooltip", lambda: CELL.match(chart.description or ""))
        cohort, month = cell.group(1), int(cell.group(2))
        share, active, size = float(cell.group(3)), int(cell.group(4).replace(",", "")), \
            int(cell.group(5).replace(",", ""))
        if month != 1:
            raise DriveError(f"the pointer is on month {month}, not 1: {cell.group(0)}")
        report = cli(db, "report", "cohorts", "--from", first, "--to", last)
        row = next((c for c in report["cohorts"] if c["cohort"] == cohort), None)
        if row is None:
            raise DriveError(f"the CLI has no cohort {cohort}")
        if (row["size"], row["active"][1]) != (size, active) or \
                abs(round(row["retention"][1] * 100, 1) - share) > 1e-9:
            raise DriveError(f"the tooltip says {cell.group(0)!r}; the CLI: size {row['size']}, "
                             f"active {row['active'][1]}, share {row['retention'][1]}")
        print(f"ok 3 the cohort cell's tooltip reads “{cell.group(0)}”, as the CLI computes",
              flush=True)
        return 0
    except Exception as exc:  # the TAP line says what failed; keep a screenshot
        shot = os.path.join(os.environ.get("MC_E2E_SHOT_DIR", tmp), "e2e-analytics-failure.png")
        subprocess.run(["import", "-window", "root", shot], check=False)
        log(f"screenshot: {shot}")
        print(f"not ok - {exc}", flush=True)
        return 1
    finally:
        if app is not None:
            app.quit()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
