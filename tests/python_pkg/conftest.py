"""The package under test is the source tree's (python/), over the build's libpicostream."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
pytest_plugins = ["picostream.testing"]
