"""Check every page a browser journey visits: axe-core (WCAG 2.1 AA) and a 375 px phone without sideways scrolling.

The `page` fixture (conftest) records every main-frame load of the journey's page (a Playwright event
handler may not drive the browser itself), and at the journey's end the checker opens each address in
turn in one page of its own in the same browser context, so with the same login (logging in again with the
journey's credentials when the journey logged out), once as a phone and once as a desktop. One page for all
the addresses, not a new page for each: a new page costs Chromium a renderer and took half the check's time.
The fixture then fails the test naming each page and each problem.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE_WIDTH = 375
DESKTOP = {"width": 1366, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Run axe on the document; resolve with the violations that block (serious or critical), briefly described.
_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}"""

# The widest thing on the page beyond the viewport: sideways scrolling of the page itself.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (scroll <= width) return null;
  const culprits = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && !element.closest(".table-responsive")) {
      const classes = typeof element.className === "string" && element.className
        ? "." + element.className.split(" ").join(".") : "";
      culprits.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + classes);
    }
    if (culprits.length >= 5) break;
  }
  return {scroll, width, culprits};
}"""


@dataclass
class PageChecker:
    """Collect accessibility violations and phone overflows of the pages a journey visits."""

    context: object
    visited: list = field(default_factory=list)
    login: tuple | None = None  # (username, password) of the journey's last login through the form
    problems: list = field(default_factory=list)

    def record(self, url: str) -> None:
        """Remember a page the journey loaded (called from the page's load event; no browser calls here)."""
        if url.startswith("http") and url not in self.visited:
            self.visited.append(url)

    def check_all(self) -> None:
        """Check each page the journey loaded, once per path and query, one after another in one probe page."""
        checked = set()
        probe = None
        try:
            for url in self.visited:
                parts = urlsplit(url)
                key = parts.path + ("?" + parts.query if parts.query else "")
                if key not in checked:
                    checked.add(key)
                    probe = probe or self._open_probe()
                    self._check(probe, url, key)
        finally:
            if probe is not None:
                probe.close()

    def _open_probe(self):
        probe = self.context.new_page()
        # Loaded as an init script (run in every document the probe loads): the pages' Content-Security-Policy
        # refuses an injected inline <script>.
        probe.add_init_script(path=str(AXE_JS))
        return probe

    def _log_in_again(self, probe) -> None:
        username, password = self.login
        probe.fill("input[name=username]", username)
        probe.fill("input[name=password]", password)
        probe.click("main form button[type=submit]")
        probe.wait_for_load_state("networkidle")

    def _check(self, probe, url: str, key: str) -> None:
        probe.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        response = probe.goto(url)
        on_login = urlsplit(probe.url).path.startswith("/login/")
        if on_login and not key.startswith("/login/") and self.login:
            self._log_in_again(probe)
            response = probe.goto(url)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            return
        overflow = probe.evaluate(_OVERFLOW)
        if overflow:
            self.problems.append(
                f"{key}: {overflow['scroll']} px wide at {PHONE_WIDTH} px (scrolls sideways); "
                f"wider than the screen: {', '.join(overflow['culprits'])}"
            )
        probe.set_viewport_size(DESKTOP)
        for violation in probe.evaluate(_RUN_AXE, AXE_TAGS):
            self.problems.append(
                f"{key}: axe {violation['impact']} {violation['id']} ({violation['help']}) at "
                f"{'; '.join(violation['targets'])}"
            )

    def report(self) -> str:
        """Return the problems found, one a line, or an empty string."""
        return "\n".join(self.problems)
