# tests/e2e/mcdrive.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the real Member Console window over the accessibility bus (AT-SPI), the way a
# person would: find a control by its role and accessible name, click it, type into it,
# read what it shows. Every wait polls with a timeout; nothing sleeps a fixed time.

import os
import subprocess
import sys
import time

import pyatspi

TIMEOUT = float(os.environ.get("MC_E2E_TIMEOUT", "20"))


class DriveError(AssertionError):
    pass


def log(*args):
    print("#", *args, flush=True)


def poll(what, fn, timeout=TIMEOUT, interval=0.05):
    """Calls fn until it returns something true; raises DriveError after timeout."""
    deadline = time.monotonic() + timeout
    last_exc = None
    while time.monotonic() < deadline:
        try:
            value = fn()
            if value:
                return value
        except DriveError:
            raise
        except Exception as exc:  # the tree changes under us while the app works
            last_exc = exc
        time.sleep(interval)
    raise DriveError(f"timed out waiting for {what}" + (f" ({last_exc})" if last_exc else ""))


class App:
    def __init__(self, argv, env, name):
        self.name = name
        self.proc = subprocess.Popen(argv, env=env)
        self.root = poll(f"the application {name} on the bus", self._find_app, timeout=60)

    def _find_app(self):
        if self.proc.poll() is not None:
            raise DriveError(f"the application exited with {self.proc.returncode}")
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            child = desktop.getChildAtIndex(i)
            if child is not None and child.name == self.name:
                return child
        return None

    def quit(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    # --- finding ---------------------------------------------------------------------

    def find(self, role, name=None, within=None, showing=True, timeout=TIMEOUT):
        """The first descendant with that role (and name, exact or a callable test)."""
        root = within or self.root

        def pred(node):
            try:
                if node.getRoleName() != role:
                    return False
                if name is not None:
                    ok = name(node.name) if callable(name) else node.name == name
                    if not ok:
                        return False
                if showing and not App.is_showing(node):
                    return False
                return True
            except Exception:
                return False

        return poll(f"{role} {name!r}", lambda: pyatspi.findDescendant(root, pred), timeout)

    def find_all(self, role, within=None):
        root = within or self.root
        return pyatspi.findAllDescendants(
            root, lambda n: n.getRoleName() == role and App.is_showing(n))

    @staticmethod
    def is_showing(node):
        """GTK 4.8 sets no SHOWING state and keeps VISIBLE on hidden stack pages: a widget
        on screen is one with a size."""
        ext = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return ext.width > 0 and ext.height > 0

    # --- acting ----------------------------------------------------------------------

    @staticmethod
    def do_action(node, action="click"):
        act = node.queryAction()
        for i in range(act.nActions):
            if act.getName(i) == action:
                act.doAction(i)
                return
        raise DriveError(f"{node.getRoleName()} {node.name!r} has no action {action}")

    def click(self, role, name, within=None):
        node = self.find(role, name, within)
        poll(f"{role} {name!r} to be sensitive",
             lambda: node.getState().contains(pyatspi.STATE_SENSITIVE))
        self.do_action(node)
        return node

    @staticmethod
    def settled(node, checks=3, interval=0.1):
        """Waits until node stops moving (a toast slides in): the same extents several times."""
        def extents():
            e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            return (e.x, e.y, e.width, e.height)
        last, same = None, 0
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            now = extents()
            same = same + 1 if now == last and now[2] > 0 else 0
            if same >= checks:
                return node
            last = now
            time.sleep(interval)
        raise DriveError(f"{node.getRoleName()} {node.name!r} kept moving")

    @staticmethod
    def mouse_click(node, button="b1c"):
        # Without a window manager the window sits at (0, 0): window = screen coordinates.
        ext = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        pyatspi.Registry.generateMouseEvent(ext.x + ext.width // 2, ext.y + ext.height // 2, button)

    @staticmethod
    def text_of(node):
        t = node.queryText()
        return t.getText(0, t.characterCount)

    def set_text(self, node, value):
        node.queryEditableText().setTextContents(value)
        poll(f"text {value!r} in {node.name!r}", lambda: self.text_of(node) == value)

    @staticmethod
    def ctrl_key(keysym):
        """Ctrl plus a key, as a person types it (Control_L is keycode 37 under Xvfb)."""
        pyatspi.Registry.generateKeyboardEvent(37, None, pyatspi.KEY_PRESS)
        try:
            pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        finally:
            pyatspi.Registry.generateKeyboardEvent(37, None, pyatspi.KEY_RELEASE)

    @staticmethod
    def key(keysym_name):
        pyatspi.Registry.generateKeyboardEvent(0, keysym_name, pyatspi.KEY_STRING)


def fail(message):
    print(f"not ok - {message}", flush=True)
    sys.exit(1)
