"""Tests of the package's shape: layers, allowed arrows between capabilities, no import cycles."""
