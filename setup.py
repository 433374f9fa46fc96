"""Only one build step pyproject.toml cannot express: ship the SVG icons inside the package.

The icons' sources live in ``resources/icons`` (next to the other design sources); the program
looks for them as package data, ``smtpwizard/resources/icons``. Everything else is configured in
pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ICONS = Path(__file__).resolve().parent / "resources" / "icons"


class BuildPyWithIcons(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install finds resources/icons in the checkout itself
        target = Path(self.build_lib) / "smtpwizard" / "resources" / "icons"
        target.mkdir(parents=True, exist_ok=True)
        for svg in sorted(ICONS.glob("*.svg")):
            self.copy_file(str(svg), str(target / svg.name))


setup(cmdclass={"build_py": BuildPyWithIcons})
